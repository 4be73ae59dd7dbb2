import { useI18n } from "~/lib/i18n";

export interface LotConditionRow {
  id: number;
  source: "reading" | "receipt" | "transfer_in" | "migrated";
  vvmStage: number | null;
  excursion: boolean;
  quarantined: boolean;
  note: string;
  recordedAt: string;
  recordedBy: string | null;
}

/** A lot's VVM and excursion readings at one facility, newest first (decision 023). */
export function LotConditionHistory({ rows }: { rows: LotConditionRow[] }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="lot-condition-history" className="mt-6 rounded-lg bg-white p-4 shadow">
      <h2 id="lot-condition-history" className="text-lg font-semibold">
        {t("lotcondition.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("lotcondition.intro")}</p>
      {rows.length === 0 ? (
        <p className="mt-2">{t("lotcondition.empty")}</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm" data-testid="lot-condition-history">
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-3">{t("lotcondition.when")}</th>
              <th scope="col" className="py-1 pr-3">{t("lotcondition.source")}</th>
              <th scope="col" className="py-1 pr-3">{t("lotcondition.reading")}</th>
              <th scope="col" className="py-1">{t("lotcondition.by")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-200">
                <td className="py-1 pr-3">{dateTime(r.recordedAt)}</td>
                <td className="py-1 pr-3">{t(`lotcondition.source.${r.source}`)}</td>
                <td className="py-1 pr-3">
                  {[
                    r.vvmStage ? t("stock.vvmStageN", { n: r.vvmStage }) : null,
                    r.excursion ? t("lotcondition.excursion") : null,
                    r.quarantined ? t("lotcondition.quarantined") : null,
                    r.note || null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </td>
                <td className="py-1">{r.recordedBy ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
