import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPushes } from "#db/dhis2.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import type { ImportConflict } from "~/lib/domain/dhis2";
import { isMessageKey, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DataTable } from "~/components/ui/data-table";

const LIMIT = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "exchange:manage");
  const pushes = await listPushes(getDb(), { limit: LIMIT });
  return { pushes: pushes.map((p) => ({ ...p, conflicts: (p.conflicts ?? []) as ImportConflict[] })) };
}

export default function Dhis2Log() {
  const { pushes } = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useI18n();
  const errorText = (error: string) => {
    const key = `dhis2.error.${error}`;
    return isMessageKey(key) ? t(key) : error;
  };

  return (
    <div>
      <p>
        <Link to="/admin/dhis2" className="text-brand-700 underline">{t("common.backTo", { place: t("dhis2.title") })}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("dhis2.logTitle")}</h1>
      <p className="max-w-3xl text-slate-700">{t("dhis2.logIntro", { limit: LIMIT })}</p>
      <DataTable
        className="mt-6"
        isEmpty={pushes.length === 0}
        empty={t("dhis2.logEmpty")}
        columns={[
          { label: t("dhis2.when") },
          { label: t("dhis2.what") },
          { label: t("dhis2.status") },
          { label: t("dhis2.imported"), numeric: true },
          { label: t("dhis2.updated"), numeric: true },
          { label: t("dhis2.ignored"), numeric: true },
          { label: t("dhis2.conflicts") },
        ]}
      >
        {pushes.map((p) => (
          <tr key={p.id} data-testid={`push-${p.id}`} className="border-t border-slate-200 align-top">
            <td className="whitespace-nowrap px-3 py-2">
              {dateTime(p.requestedAt)}
              <br />
              <span className="text-slate-600">{t(p.trigger === "schedule" ? "dhis2.bySchedule" : "dhis2.byHand")}</span>
            </td>
            <td className="px-3 py-2">
              <span className="font-mono">{p.period}</span> · {p.facilityCode} → <span className="font-mono">{p.orgUnit}</span>
              {p.dryRun ? <span className="ml-2 rounded bg-slate-200 px-2 text-xs font-semibold">{t("dhis2.dryRunBadge")}</span> : null}
            </td>
            <td className="px-3 py-2">
              <span className={p.status === "SUCCESS" || p.status === "OK" ? "font-semibold text-emerald-800" : "font-semibold text-red-800"}>
                {p.status === "sending" ? t("dhis2.sending") : p.status === "failed" ? t("dhis2.failed") : p.status}
              </span>
              {p.httpStatus ? <span className="ml-1 text-slate-600">HTTP {p.httpStatus}</span> : null}
              {p.error ? <p className="text-red-800">{errorText(p.error)}</p> : null}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{p.imported === null ? "—" : number(p.imported)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{p.updated === null ? "—" : number(p.updated)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{p.ignored === null ? "—" : number(p.ignored)}</td>
            <td className="px-3 py-2">
              {p.conflicts.length === 0 ? (
                "—"
              ) : (
                <ul className="list-disc pl-4">
                  {p.conflicts.map((c, i) => (
                    <li key={i}>
                      <span className="font-mono">{c.object}</span>: {c.value}
                      {c.errorCode ? <span className="text-slate-600"> ({c.errorCode})</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dhis2.logTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
