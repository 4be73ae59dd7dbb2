import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { loadSmallCellNorm } from "#db/care-reports.server";
import { ForecastRecord, RegimeChangeWarning } from "~/components/planning/forecast-facts";
import { AlertList, statusKey } from "~/components/planning/sections";
import { ShownCountText } from "~/components/shown-count";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { suppressRows } from "~/lib/domain/small-cells";
import { I18nContext, isLocale, makeI18n, useI18n, type Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readPlan } from "~/lib/plan-store.server";
import { PlanFreshness } from "~/components/planning/plan-freshness";
import { forecastSummary } from "~/lib/planning.server";
import { resolveLocale, getOptionalUser } from "~/lib/session.server";
import { addDays } from "~/lib/time";
import { TableScroll } from "~/components/ui/data-table";

// The critical items of the report: what people cannot go a day without, and what treats or
// protects the children and pregnant women the stations care for.
const criticalCategories = new Set(["food", "water", "nutrition", "vaccine"]);

/** Alerts printed: the most urgent (critical first, then by date); the rest are counted. */
const REPORT_ALERTS = 10;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "planning:view");
  const db = getDb();
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const lang: Locale = isLocale(asked) ? asked : await resolveLocale(request, await getOptionalUser(request, context));
  const now = new Date();
  // The care counts come with the plan (computed with it, off the request path).
  const [{ context: inputs, plan, tables, freshness }, smallCellNorm] = await Promise.all([readPlan(db), loadSmallCellNorm(db)]);
  const care = inputs.care;
  const yesterday = addDays(plan.today, -1);
  const weekAgo = addDays(plan.today, -7);
  const arrivalsOn = (rows: { day: string; arrivals: number }[], from: string, to: string) =>
    rows.filter((d) => d.day >= from && d.day <= to).reduce((s, d) => s + d.arrivals, 0);
  const critical = new Set(inputs.items.filter((i) => criticalCategories.has(i.category)).map((i) => i.code));
  const criticalCover = tables.cover.filter((c) => critical.has(c.itemCode) && c.meanDailyDemand > 0);
  const needsAction = (c: (typeof criticalCover)[number]) => c.stockOutDay !== null || c.orderQuantity > 0;
  return {
    lang,
    generatedAt: now.toISOString(),
    freshness,
    today: plan.today,
    horizon: plan.horizon,
    arrivals: {
      yesterday: arrivalsOn(plan.network.historyArrivals, yesterday, yesterday),
      last7: arrivalsOn(plan.network.historyArrivals, weekAgo, yesterday),
      next7Mean: Math.round(tables.forecast.slice(0, 7).reduce((s, r) => s + r.mean, 0)),
      next7High: Math.round(tables.forecast.slice(0, 7).reduce((s, r) => s + r.high, 0)),
    },
    planningLevel: inputs.norms.planningLevel,
    forecast: forecastSummary(plan.network.forecast?.model),
    facilities: plan.facilities
      .filter((f) => f.housesPeople)
      .map((f) => ({
        code: f.code,
        name: f.name,
        census: f.census,
        capacity: f.capacity,
        ratio: f.ratio,
        status: f.occupancyStatus,
        saturation: f.projection?.saturationDay ?? null,
        arrivalsYesterday: arrivalsOn(
          inputs.recentArrivals.find((x) => x.code === f.code)?.days ?? [],
          yesterday,
          yesterday,
        ),
      })),
    totals: { census: plan.network.census, capacity: plan.network.capacity },
    // One printed page (issue 13): the critical items that need an order or run out within the
    // horizon, soonest first; the others are counted. The dashboard and its CSV have them all.
    cover: criticalCover
      .filter(needsAction)
      .sort((a, b) => (a.stockOutDay ?? "9999").localeCompare(b.stockOutDay ?? "9999") || (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity))
      .map((c) => ({ facilityCode: c.facilityCode, itemCode: c.itemCode, usable: c.usable, daysOfCover: c.daysOfCover, stockOutDay: c.stockOutDay, orderQuantity: c.orderQuantity })),
    coverSufficient: criticalCover.filter((c) => !needsAction(c)).length,
    items: inputs.items.map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn })),
    alertCount: plan.alerts.length,
    alerts: plan.alerts.slice(0, REPORT_ALERTS),
    care: care
      .filter((c) => c.cases.child.open + c.cases.pregnant.open + c.dosesLast30Days > 0)
      .map((c) => ({
        code: c.facilityCode,
        name: c.facilityName,
        // Counts small enough to point at a person are suppressed before they leave the server.
        ...suppressRows(
          [{ children: c.cases.child.open, pregnant: c.cases.pregnant.open, sam: c.sam, mam: c.mam, doses: c.dosesLast30Days, referrals: c.referrals.sent }],
          ["children", "pregnant", "sam", "mam", "doses", "referrals"],
          smallCellNorm,
        )[0]!,
      })),
    smallCellNorm,
  };
}

function Report() {
  const d = useLoaderData<typeof loader>();
  const { t, number, day, dateTime, locale } = useI18n();
  const itemName = (code: string) => {
    const item = d.items.find((i) => i.code === code);
    return item ? (locale === "es" ? item.nameEs : item.nameEn) : code;
  };
  const facilityName = (code: string) => d.facilities.find((f) => f.code === code)?.name ?? code;
  const percent = (r: number | null) => (r === null ? "—" : number(r, { style: "percent", maximumFractionDigits: 0 }));
  const th = "border-b border-slate-400 px-2 py-1 text-left";
  const td = "border-b border-slate-200 px-2 py-1";
  return (
    <article lang={locale} className="report mx-auto max-w-4xl space-y-6 bg-white p-6 print:p-0 print:shadow-none">
      <header>
        <h1 className="text-2xl font-bold">{t("report.title")}</h1>
        <p>{t("report.date", { date: day(d.today, { dateStyle: "full" }), at: dateTime(d.generatedAt) })}</p>
        <p className="text-sm text-slate-700">{t(`report.basisLevel.${d.planningLevel}`, { horizon: d.horizon })}</p>
        <PlanFreshness freshness={d.freshness} className="mt-2" />
      </header>

      <section>
        <h2 className="text-lg font-bold">{t("report.arrivals")}</h2>
        <ul className="list-disc pl-6">
          <li>{t("report.arrivalsYesterday", { count: d.arrivals.yesterday })}</li>
          <li>{t("report.arrivals7", { count: d.arrivals.last7 })}</li>
          <li>{t("report.arrivalsNext7", { mean: d.arrivals.next7Mean, high: d.arrivals.next7High })}</li>
        </ul>
        <RegimeChangeWarning facts={d.forecast} testId="report-regime-change" />
        <ForecastRecord facts={d.forecast} testId="report-forecast-record" />
      </section>

      <section>
        <h2 className="text-lg font-bold">{t("report.census")}</h2>
        <TableScroll card={false} className="print:overflow-visible">
        <table className="w-full text-sm">
          <thead>
            <tr>
              <th scope="col" className={th}>{t("planning.table.facility")}</th>
              <th scope="col" className={`${th} text-right`}>{t("report.arrivedYesterday")}</th>
              <th scope="col" className={`${th} text-right`}>{t("planning.card.census")}</th>
              <th scope="col" className={`${th} text-right`}>{t("planning.occupancy.capacity")}</th>
              <th scope="col" className={`${th} text-right`}>{t("report.occupancy")}</th>
              <th scope="col" className={th}>{t("planning.card.status")}</th>
              <th scope="col" className={th}>{t("planning.card.saturation")}</th>
            </tr>
          </thead>
          <tbody>
            {d.facilities.map((f) => (
              <tr key={f.code}>
                <th scope="row" className={`${td} font-normal`}>{f.name}</th>
                <td className={`${td} text-right tabular-nums`}>{number(f.arrivalsYesterday)}</td>
                <td className={`${td} text-right tabular-nums`}>{number(f.census)}</td>
                <td className={`${td} text-right tabular-nums`}>{f.capacity === null ? "—" : number(f.capacity)}</td>
                <td className={`${td} text-right tabular-nums`}>{percent(f.ratio)}</td>
                <td className={td}>{t(statusKey[f.status] ?? "planning.status.unknown")}</td>
                <td className={td}>{f.saturation ? day(f.saturation) : t("planning.card.notWithin", { days: d.horizon })}</td>
              </tr>
            ))}
            <tr className="font-semibold">
              <th scope="row" className={td}>{t("report.total")}</th>
              <td className={td} />
              <td className={`${td} text-right tabular-nums`}>{number(d.totals.census)}</td>
              <td className={`${td} text-right tabular-nums`}>{number(d.totals.capacity)}</td>
              <td className={td} colSpan={3} />
            </tr>
          </tbody>
        </table>
        </TableScroll>
      </section>

      <section>
        <h2 className="text-lg font-bold">{t("report.cover")}</h2>
        <TableScroll card={false} className="print:overflow-visible">
        <table className="w-full text-sm">
          <thead>
            <tr>
              <th scope="col" className={th}>{t("planning.table.facility")}</th>
              <th scope="col" className={th}>{t("planning.table.item")}</th>
              <th scope="col" className={`${th} text-right`}>{t("planning.cover.usable")}</th>
              <th scope="col" className={`${th} text-right`}>{t("planning.cover.days")}</th>
              <th scope="col" className={th}>{t("planning.cover.stockOut")}</th>
              <th scope="col" className={`${th} text-right`}>{t("planning.cover.order")}</th>
            </tr>
          </thead>
          <tbody>
            {d.cover.map((c) => (
              <tr key={`${c.facilityCode}-${c.itemCode}`}>
                <td className={td}>{facilityName(c.facilityCode)}</td>
                <th scope="row" className={`${td} font-normal`}>{itemName(c.itemCode)}</th>
                <td className={`${td} text-right tabular-nums`}>{number(c.usable)}</td>
                <td className={`${td} text-right tabular-nums`}>{c.daysOfCover === null ? "—" : number(c.daysOfCover)}</td>
                <td className={td}>{c.stockOutDay ? day(c.stockOutDay) : "—"}</td>
                <td className={`${td} text-right tabular-nums`}>{number(c.orderQuantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
        <p className="mt-1 text-sm text-slate-700" data-testid="cover-sufficient">
          {t("report.coverSufficient", { count: d.coverSufficient })}
        </p>
      </section>

      <section>
        <h2 className="text-lg font-bold">{t("report.alerts", { count: d.alertCount })}</h2>
        <AlertList alerts={d.alerts} itemName={itemName} facilityName={facilityName} print />
        {d.alertCount > d.alerts.length ? (
          <p className="mt-1 text-sm text-slate-700">{t("report.alertsMore", { count: d.alertCount - d.alerts.length })}</p>
        ) : null}
      </section>

      <section>
        <h2 className="text-lg font-bold">{t("report.care")}</h2>
        {d.care.length === 0 ? (
          <p>{t("report.careNone")}</p>
        ) : (
          <TableScroll card={false} className="print:overflow-visible">
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={th}>{t("planning.table.facility")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.careChildren")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.carePregnant")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.careSam")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.careMam")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.careDoses")}</th>
                <th scope="col" className={`${th} text-right`}>{t("report.careReferrals")}</th>
              </tr>
            </thead>
            <tbody>
              {d.care.map((c) => (
                <tr key={c.code}>
                  <th scope="row" className={`${td} font-normal`}>{c.name}</th>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.children} /></td>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.pregnant} /></td>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.sam} /></td>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.mam} /></td>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.doses} /></td>
                  <td className={`${td} text-right tabular-nums`}><ShownCountText count={c.referrals} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
        )}
        {d.care.length > 0 && d.smallCellNorm > 1 ? (
          <p className="mt-1 text-sm text-slate-700">{t("carefollow.agg.suppressed", { norm: d.smallCellNorm, max: d.smallCellNorm - 1 })}</p>
        ) : null}
      </section>
    </article>
  );
}

export default function SituationReport() {
  const { lang } = useLoaderData<typeof loader>();
  const shell = useI18n();
  const root = useRouteLoaderData("root") as { timeZone?: string; renderedAt?: number } | undefined;
  // The report's own language (es or en), whatever the interface is in; the same clock as the shell.
  const i18n = makeI18n(lang, root?.timeZone, root?.renderedAt);
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3 print:hidden">
        <Link to="/planning" className="text-brand-700 underline">
          {shell.t("planning.back")}
        </Link>
        <Link to="?lang=es" className="text-brand-700 underline" lang="es">
          Español
        </Link>
        <Link to="?lang=en" className="text-brand-700 underline" lang="en">
          English
        </Link>
        <button type="button" onClick={() => window.print()} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white">
          {shell.t("report.print")}
        </button>
      </div>
      <I18nContext.Provider value={i18n}>
        <Report />
      </I18nContext.Provider>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "report.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
