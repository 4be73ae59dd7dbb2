import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaleBadge, StatusBadge, usePercent } from "~/components/occupancy";
import { requirePermission } from "~/lib/auth.server";
import { loadNetworkCapacity } from "~/lib/capacity.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { PageHeader } from "~/components/ui/page-header";
import { CsvLinks, TableScroll } from "~/components/ui/data-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Planners and administrators, who see every facility.
  await requirePermission(request, context, "network:view");
  return loadNetworkCapacity(getDb(), "all");
}

export default function Network() {
  const { facilities, totals, overCapacity, stale, norms, now, timeZone } = useLoaderData<typeof loader>();
  const { t, number, relative, dateTime } = useI18n();
  const percent = usePercent();
  const nowMs = new Date(now).getTime();
  return (
    <div>
      <PageHeader title={t("network.title")} intro={t("network.intro")} actions={<CsvLinks href="/network.csv" />}>
        <Link to="/care/aggregates" className="text-sm text-brand-700 underline">{t("carefollow.agg.link")}</Link>
      </PageHeader>

      {overCapacity.length ? (
        <div role="alert" className="mt-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
          <p className="font-bold">
            <span aria-hidden="true">■ </span>
            {t("network.alert.saturated", { count: overCapacity.length })}
          </p>
          <ul className="mt-1 list-disc pl-6">
            {overCapacity.map((f) => (
              <li key={f.id}>
                <Link to={`/facilities/${f.code}`} className="font-semibold text-red-900 underline">
                  {f.name}
                </Link>{" "}
                {t("network.alert.facility", {
                  census: f.census,
                  capacity: f.capacity.capacity ?? 0,
                  percent: percent(f.capacity.ratio),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {stale.length ? (
        <div className="mt-4 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-900">
          <p className="font-bold">
            <span aria-hidden="true">! </span>
            {t("network.staleSummary", { count: stale.length, hours: norms.staleAfterHours })}
          </p>
          <p>{stale.map((f) => f.code).join(", ")}</p>
        </div>
      ) : null}

      <TableScroll className="mt-6">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("network.caption", { count: facilities.length })}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">{t("facility.name")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("network.census")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("network.capacity")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("network.occupancy")}</th>
              <th scope="col" className="px-3 py-2">{t("network.status")}</th>
              <th scope="col" className="px-3 py-2">{t("network.binding")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("network.arrivalsToday")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("network.departuresToday")}</th>
              <th scope="col" className="px-3 py-2">{t("network.lastEntry")}</th>
            </tr>
          </thead>
          <tbody>
            {facilities.map((f) => (
              <tr
                key={f.id}
                className={`border-t border-slate-200 ${f.capacity.status === "saturated" ? "bg-red-50" : f.stale ? "bg-amber-50" : ""}`}
              >
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <Link to={`/facilities/${f.code}`} className="font-medium text-brand-700 underline">
                    {f.name}
                  </Link>{" "}
                  <span className="font-mono text-slate-700">{f.code}</span>
                  {f.status !== "open" ? (
                    <span className="ml-1 text-slate-700">({t(`facilityStatus.${f.status}`)})</span>
                  ) : null}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{number(f.census)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {f.capacity.capacity === null ? <span className="text-slate-700">{t("network.noCapacity")}</span> : number(f.capacity.capacity)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{percent(f.capacity.ratio)}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={f.capacity.status} />
                </td>
                <td className="px-3 py-2">{f.capacity.binding ? t(`capacity.constraint.${f.capacity.binding}`) : "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(f.arrivalsToday)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(f.departuresToday)}</td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    {f.lastEntryAt ? (
                      <time dateTime={new Date(f.lastEntryAt).toISOString()} title={dateTime(f.lastEntryAt, { dateStyle: "medium", timeStyle: "short", timeZone })}>
                        {relative(f.lastEntryAt, nowMs)}
                      </time>
                    ) : (
                      <span className="text-slate-700">{t("network.never")}</span>
                    )}
                    {f.stale ? <StaleBadge hours={norms.staleAfterHours} short /> : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-400 bg-slate-50 font-semibold">
            <tr>
              <th scope="row" className="px-3 py-2 text-left">{t("network.total")}</th>
              <td className="px-3 py-2 text-right tabular-nums">{number(totals.census)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{number(totals.capacity)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{percent(totals.ratio)}</td>
              <td className="px-3 py-2">
                <StatusBadge status={totals.status} />
              </td>
              <td className="px-3 py-2" />
              <td className="px-3 py-2 text-right tabular-nums">{number(totals.arrivalsToday)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{number(totals.departuresToday)}</td>
              <td className="px-3 py-2" />
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p className="mt-2 text-sm text-slate-700">
        {t("network.footnote", {
          warning: percent(norms.occupancyWarning),
          saturated: percent(norms.occupancySaturated),
          hours: norms.staleAfterHours,
        })}
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "network.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
