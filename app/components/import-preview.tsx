import type { ImportPreview as Preview } from "~/lib/commands/import-file.server";
import { useI18n, type MessageKey } from "~/lib/i18n";

/** Every row of a checked import file with its outcome: what it becomes, or why it cannot. */
export function ImportPreview({ preview, committed = false }: { preview: Preview; committed?: boolean }) {
  const { t, tMaybe } = useI18n();
  const errors = preview.rows.filter((r) => r.status === "error").length;
  return (
    <section aria-labelledby="import-preview-title" className="mt-6">
      <h2 id="import-preview-title" className="text-xl font-semibold">
        {t("import.previewTitle", { file: preview.fileName })}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("import.summary.rows", { count: preview.rows.length })}</p>
      {preview.fileProblems.map((problem) => (
        <p key={problem} role="alert" className="mt-2 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
          {tMaybe(problem)}
        </p>
      ))}
      {errors > 0 ? (
        <p role="alert" className="mt-2 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900" data-testid="import-errors">
          {t("import.summary.errors", { count: errors })}
        </p>
      ) : null}
      {!committed && errors === 0 && preview.fileProblems.length === 0 ? (
        <p className="mt-2 rounded border-l-4 border-brand-700 bg-brand-50 px-4 py-3" data-testid="import-ready">
          {preview.records === 0
            ? t("import.alreadyImported")
            : preview.kind === "arrivals"
              ? t("import.summary.ready.arrivals", { count: preview.records, people: preview.amount })
              : t("import.summary.ready.receipts", { count: preview.records, lines: preview.amount })}
        </p>
      ) : null}
      {preview.rows.length > 0 ? (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead>
              <tr className="border-b">
                <th scope="col" className="py-2 pr-4">{t("import.row")}</th>
                <th scope="col" className="py-2 pr-4">{t("import.facility")}</th>
                <th scope="col" className="py-2">{t("import.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row} className="border-b align-top" data-row={r.row} data-status={r.status}>
                  <td className="py-1 pr-4 tabular-nums">{r.row}</td>
                  <td className="py-1 pr-4">{r.facility}</td>
                  <td className="py-1">
                    {r.status === "error" ? (
                      <ul className="text-red-900">
                        {r.problems.map((p, i) => (
                          <li key={i}>
                            <span className="font-semibold">{t(`import.field.${p.field}` as MessageKey)}</span>: {tMaybe(p.message)}
                          </li>
                        ))}
                      </ul>
                    ) : r.status === "duplicate" || committed ? (
                      committed ? t("import.recorded") : t("import.duplicate")
                    ) : (
                      t("import.willRecord", { group: r.record ?? 0 })
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
