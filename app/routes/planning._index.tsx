import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { listScenarios } from "#db/planning.server";
import { CoverHeatmap } from "~/components/planning/cover-heatmap";
import { ForecastChart } from "~/components/planning/forecast-chart";
import { ForecastRecord, ForecastWhy, RegimeChangeWarning } from "~/components/planning/forecast-facts";
import { OccupancyChart } from "~/components/planning/occupancy-chart";
import { PlanFreshness } from "~/components/planning/plan-freshness";
import { RouteMap } from "~/components/planning/route-map";
import { AlertList, PlanNotes, StockMovesTable, TransfersTable, constraintKey, statusKey } from "~/components/planning/sections";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { renderWhy } from "~/lib/i18n/why-render";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readPlan } from "~/lib/plan-store.server";
import { facilityStatus, forecastSummary, scenarioInSearch, type PlanTables } from "~/lib/planning.server";
import { HxlCsvLink } from "~/components/hxl-link";

const openTables = ["occupancy", "cover"] as const;
type OpenTable = (typeof openTables)[number];
/** Alerts shown before "all": the most urgent (the list is critical first, then by date). */
const FIRST_ALERTS = 8;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "planning:view");
  const db = getDb();
  const scenario = await scenarioInSearch(db, request);
  const [{ plan, tables, context: inputs, freshness }, scenarios] = await Promise.all([readPlan(db, scenario), listScenarios(db)]);
  // What the eye needs first (issue 13): the alerts that matter most and the network; the long
  // tables are sent only when asked for (`?open=occupancy`, `?open=cover`, `?alerts=all`), and
  // every one of them is always in its CSV.
  const search = new URL(request.url).searchParams;
  const open = new Set(search.getAll("open").filter((o): o is OpenTable => (openTables as readonly string[]).includes(o)));
  const allAlerts = search.get("alerts") === "all";
  const housing = plan.facilities.filter((f) => f.housesPeople);
  return {
    freshness,
    open: [...open],
    allAlerts,
    alertCount: plan.alerts.length,
    today: plan.today,
    horizon: plan.horizon,
    warningRatio: inputs.norms.occupancyWarning,
    planningLevel: inputs.norms.planningLevel,
    scenario: scenario ? { id: scenario.id, name: scenario.name } : null,
    scenarioNotes: plan.scenarioNotes,
    scenarios: scenarios.map((s) => ({ id: s.id, name: s.name })),
    network: {
      census: plan.network.census,
      capacity: plan.network.capacity,
      forecast: forecastSummary(plan.network.forecast?.model),
      // Eight weeks of history are enough to read a trend next to the forecast.
      history: plan.network.historyArrivals.slice(-56).map((d) => ({ day: d.day, value: d.arrivals })),
    },
    tables: {
      forecast: tables.forecast,
      // The heat map needs only these; the table's other columns when it is open.
      cover: tables.cover.map((c) =>
        open.has("cover")
          ? c
          : { facilityCode: c.facilityCode, itemCode: c.itemCode, daysOfCover: c.daysOfCover, leadTimeDays: c.leadTimeDays },
      ),
    },
    cards: plan.facilities.map((f) => ({
      ...facilityStatus(plan, tables, f.code),
      latitude: f.latitude,
      longitude: f.longitude,
      housesPeople: f.housesPeople,
      entriesNext7: Math.round(f.arrivals.slice(0, 7).reduce((s, p) => s + p.mean, 0)),
      entriesNext7High: Math.round(f.arrivals.slice(0, 7).reduce((s, p) => s + p.high, 0)),
      forecastExplanation: f.forecast?.model.explanation ?? null,
      lengthOfStayFormula: f.lengthOfStay?.formula ?? null,
      projectionFormula: f.projection?.formula ?? null,
    })),
    occupancyCharts: housing.map((f) => ({
      code: f.code,
      name: f.name,
      capacity: f.capacity,
      days: (f.projection?.days ?? []).map((d) => ({ day: d.day, census: Math.round(d.census), censusHigh: Math.round(d.censusHigh) })),
    })),
    items: inputs.items
      .filter((i) => tables.cover.some((c) => c.itemCode === i.code))
      .map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn, unit: i.unit })),
    alerts: allAlerts ? plan.alerts : plan.alerts.slice(0, FIRST_ALERTS),
    peopleTransfers: plan.peopleTransfers,
    stockMoves: plan.stockMoves,
  };
}

export default function PlanningDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, number, day, locale } = useI18n();
  const itemName = (code: string) => {
    const item = data.items.find((i) => i.code === code);
    return item ? (locale === "es" ? item.nameEs : item.nameEn) : code;
  };
  const facilityName = (code: string) => data.cards.find((c) => c.code === code)?.name ?? code;
  const query = data.scenario ? `?scenario=${data.scenario.id}` : "";
  const location = useLocation();
  // A link to this page with one more thing open, the scenario and what is open kept.
  const withParam = (name: string, value: string, anchor: string) => {
    const params = new URLSearchParams(location.search);
    if (!params.getAll(name).includes(value)) params.append(name, value);
    return `?${params.toString()}#${anchor}`;
  };
  const coverRows = data.open.includes("cover") ? (data.tables.cover as PlanTables["cover"]) : null;
  const percent = (ratio: number | null) => (ratio === null ? "—" : number(ratio, { style: "percent", maximumFractionDigits: 0 }));
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("planning.title")}</h1>
          <p className="text-slate-700">
            {t("planning.intro", { horizon: data.horizon, today: day(data.today) })}
          </p>
          <p className="mt-1 text-sm text-slate-700">{t(`planning.level.${data.planningLevel}`)}</p>
          <PlanFreshness freshness={data.freshness} className="mt-2" />
        </div>
        <div className="flex flex-wrap gap-2">
          <Link to="/planning/report" className="rounded border border-brand-700 px-3 py-2 text-brand-700 hover:bg-brand-50">
            {t("planning.report.link")}
          </Link>
          <Link to="/planning/scenarios" className="rounded border border-brand-700 px-3 py-2 text-brand-700 hover:bg-brand-50">
            {t("planning.scenarios.link")}
          </Link>
        </div>
      </div>

      <Form method="get" className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-4 shadow">
        <label className="block text-sm font-medium">
          {t("planning.scenario.view")}
          <select name="scenario" defaultValue={data.scenario?.id ?? ""} className="mt-1 block rounded border border-slate-400 bg-white px-3 py-2">
            <option value="">{t("planning.scenario.baseline")}</option>
            {data.scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {t("planning.scenario.show")}
        </button>
        {data.scenario ? (
          <p className="text-sm" data-testid="scenario-banner">
            {t("planning.scenario.showing", { name: data.scenario.name })}{" "}
            <Link to={`/planning/scenarios/${data.scenario.id}`} className="text-brand-700 underline">
              {t("planning.scenario.compare")}
            </Link>
          </p>
        ) : null}
      </Form>
      <PlanNotes notes={data.scenarioNotes} />
      <RegimeChangeWarning facts={data.network.forecast} testId="regime-change" />

      <section aria-labelledby="alerts-heading">
        <div className="flex items-center justify-between">
          <h2 id="alerts-heading" className="text-xl font-bold">
            {t("planning.alerts.title", { count: data.alertCount })}
          </h2>
          <span className="flex gap-3">
            <a href={`/planning/export/alerts.csv${query}`} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={`/planning/export/alerts.csv${query}`} />
          </span>
        </div>
        <AlertList alerts={data.alerts} itemName={itemName} facilityName={facilityName} />
        {data.alertCount > data.alerts.length ? (
          <p className="mt-2">
            <Link to={withParam("alerts", "all", "alerts-heading")} className="font-semibold text-brand-700 underline" data-testid="all-alerts">
              {t("planning.alerts.all", { count: data.alertCount })}
            </Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="route-heading" className="rounded-lg bg-white p-4 shadow">
        <h2 id="route-heading" className="text-xl font-bold">
          {t("planning.route.title")}
        </h2>
        <RouteMap
          title={t("planning.route.title")}
          description={t("planning.route.description")}
          stations={data.cards.map((c) => ({
            code: c.code,
            name: c.name,
            latitude: c.latitude,
            longitude: c.longitude,
            status: c.occupancyStatus,
            census: c.census,
            capacity: c.capacity,
            saturationDay: c.projectedSaturationDate,
            kind: c.kind,
          }))}
          statusLabel={(s) => t(statusKey[s] ?? "planning.status.unknown")}
          href={(code) => `/facilities/${code}`}
        />
      </section>

      <section aria-labelledby="cards-heading">
        <h2 id="cards-heading" className="text-xl font-bold">
          {t("planning.cards.title")}
        </h2>
        <ul className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {data.cards.map((c) => {
            const short = c.items.filter((i) => i.stockOutDate !== null).sort((a, b) => (a.stockOutDate! < b.stockOutDate! ? -1 : 1));
            return (
              <li key={c.code} className="rounded-lg bg-white p-4 shadow" data-testid={`card-${c.code}`}>
                <h3 className="text-lg font-semibold">
                  <Link to={`/facilities/${c.code}`} className="text-brand-700 underline">
                    {c.name}
                  </Link>{" "}
                  <span className="font-mono text-sm text-slate-700">{c.code}</span>
                </h3>
                {c.housesPeople ? (
                  <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                    <dt>{t("planning.card.census")}</dt>
                    <dd className="text-right tabular-nums">
                      {number(c.census)} / {c.capacity === null ? "—" : number(c.capacity)} ({percent(c.occupancy)})
                    </dd>
                    <dt>{t("planning.card.status")}</dt>
                    <dd className="text-right">{t(statusKey[c.occupancyStatus] ?? "planning.status.unknown")}</dd>
                    <dt>{t("network.binding")}</dt>
                    <dd className="text-right">{c.bindingConstraint ? t(constraintKey[c.bindingConstraint] ?? "planning.status.unknown") : "—"}</dd>
                    <dt>{t("planning.card.saturation")}</dt>
                    <dd className="text-right" data-testid={`saturation-${c.code}`}>
                      {c.projectedSaturationDate ? day(c.projectedSaturationDate) : t("planning.card.notWithin", { days: data.horizon })}
                    </dd>
                    <dt>{t("planning.card.entries7")}</dt>
                    <dd className="text-right tabular-nums">
                      {number(c.entriesNext7)} ({t("planning.card.upTo", { high: c.entriesNext7High })})
                    </dd>
                    <dt>{t("planning.card.stay")}</dt>
                    <dd className="text-right tabular-nums">
                      {c.lengthOfStayDays === null ? "—" : t("planning.days", { days: c.lengthOfStayDays })}
                    </dd>
                    <dt>{t("planning.card.firstStockOut")}</dt>
                    <dd className="text-right">{short[0] ? `${itemName(short[0].code)}: ${day(short[0].stockOutDate!)}` : "—"}</dd>
                  </dl>
                ) : (
                  <p className="mt-2 text-sm text-slate-700">{t("planning.card.warehouse")}</p>
                )}
                {c.projectionFormula ? (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer text-brand-700">{t("planning.why")}</summary>
                    <RegimeChangeWarning facts={c.forecast} />
                    <p className="mt-1">
                      <ForecastWhy parts={c.forecastExplanation} />
                    </p>
                    {c.lengthOfStayFormula ? <p className="mt-1">{renderWhy({ t, day }, c.lengthOfStayFormula)}</p> : null}
                    <p className="mt-1">{renderWhy({ t, day }, c.projectionFormula)}</p>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="forecast-heading" className="rounded-lg bg-white p-4 shadow">
        <div className="flex items-center justify-between">
          <h2 id="forecast-heading" className="text-xl font-bold">
            {t("planning.forecast.title")}
          </h2>
          <span className="flex gap-3">
            <a href={`/planning/export/forecast.csv${query}`} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={`/planning/export/forecast.csv${query}`} />
          </span>
        </div>
        <ForecastRecord facts={data.network.forecast} testId="forecast-record" />
        <div className="mt-3 grid gap-4 lg:grid-cols-2">
          <ForecastChart
            title={t("planning.forecast.title")}
            description={t("forecast.chartDescription", { percent: Math.round((data.network.forecast?.band ?? 0.8) * 100) })}
            history={data.network.history}
            forecast={data.tables.forecast.map((r) => ({ day: r.day, mean: r.mean, low: r.low, high: r.high }))}
            labels={{
              history: t("planning.forecast.history"),
              forecast: t("planning.forecast.mean"),
              band: t("forecast.band", { percent: Math.round((data.network.forecast?.band ?? 0.8) * 100) }),
            }}
          />
          {/* Scrolls on its own, so it must take keyboard focus (axe scrollable-region-focusable). */}
          <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={t("planning.forecast.table")}>
            <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <caption className="text-left text-sm text-slate-700">
                <ForecastWhy parts={data.network.forecast?.explanation} />
              </caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-2 py-1">{t("planning.table.day")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.forecast.low")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.forecast.mean")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.forecast.high")}</th>
                  {data.scenario ? <th scope="col" className="px-2 py-1 text-right">{t("planning.forecast.scenario")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.tables.forecast.map((r) => (
                  <tr key={r.day} className="border-t border-slate-200">
                    <th scope="row" className="px-2 py-1 font-normal">{day(r.day)}</th>
                    <td className="px-2 py-1 text-right tabular-nums">{number(r.low)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{number(r.mean)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{number(r.high)}</td>
                    {data.scenario ? <td className="px-2 py-1 text-right tabular-nums">{number(r.scenarioMean)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          </div>
        </div>
      </section>

      <section aria-labelledby="occupancy-heading" className="rounded-lg bg-white p-4 shadow">
        <div className="flex items-center justify-between">
          <h2 id="occupancy-heading" className="text-xl font-bold">
            {t("planning.occupancy.title")}
          </h2>
          <span className="flex gap-3">
            <a href={`/planning/export/occupancy.csv${query}`} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={`/planning/export/occupancy.csv${query}`} />
          </span>
        </div>
        <div className="mt-3 grid gap-6 lg:grid-cols-2">
          {data.occupancyCharts.map((c) => (
            <div key={c.code}>
              <h3 className="font-semibold">{c.name}</h3>
              <OccupancyChart
                title={t("planning.occupancy.chartTitle", { name: c.name })}
                description={t("planning.occupancy.description")}
                days={c.days}
                capacity={c.capacity}
                warningRatio={data.warningRatio}
                labels={{
                  census: t("planning.occupancy.census"),
                  censusHigh: t("planning.occupancy.censusHigh"),
                  capacity: t("planning.occupancy.capacity"),
                  warning: t("planning.occupancy.warning"),
                }}
              />
              {data.open.includes("occupancy") ? (
                <div className="overflow-x-auto text-sm focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
                <table className="mt-1 w-full text-left text-sm">
                  <caption className="sr-only">{t("planning.occupancy.chartTitle", { name: c.name })}</caption>
                  <thead className="bg-slate-100">
                    <tr>
                      <th scope="col" className="px-2 py-1">{t("planning.table.day")}</th>
                      <th scope="col" className="px-2 py-1 text-right">{t("planning.occupancy.census")}</th>
                      <th scope="col" className="px-2 py-1 text-right">{t("planning.occupancy.censusHigh")}</th>
                      <th scope="col" className="px-2 py-1 text-right">{t("planning.occupancy.capacity")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.days.map((d) => (
                      <tr key={d.day} className="border-t border-slate-200">
                        <th scope="row" className="px-2 py-1 font-normal">{day(d.day)}</th>
                        <td className="px-2 py-1 text-right tabular-nums">{number(Math.round(d.census))}</td>
                        <td className="px-2 py-1 text-right tabular-nums">{number(Math.round(d.censusHigh))}</td>
                        <td className="px-2 py-1 text-right tabular-nums">{c.capacity === null ? "—" : number(c.capacity)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              ) : null}
            </div>
          ))}
        </div>
        {data.open.includes("occupancy") ? null : (
          <p className="mt-2 text-sm">
            <Link to={withParam("open", "occupancy", "occupancy-heading")} className="text-brand-700 underline" data-testid="open-occupancy">
              {t("planning.table.showDays")}
            </Link>
          </p>
        )}
      </section>

      <section aria-labelledby="cover-heading" className="rounded-lg bg-white p-4 shadow">
        <div className="flex items-center justify-between">
          <h2 id="cover-heading" className="text-xl font-bold">
            {t("planning.cover.title")}
          </h2>
          <span className="flex gap-3">
            <a href={`/planning/export/cover.csv${query}`} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={`/planning/export/cover.csv${query}`} />
          </span>
        </div>
        <CoverHeatmap
          title={t("planning.cover.title")}
          description={t("planning.cover.description")}
          facilities={data.cards.map((c) => ({ code: c.code, name: c.name }))}
          items={data.items.map((i) => ({ code: i.code, name: itemName(i.code) }))}
          cells={data.tables.cover.map((c) => ({
            facilityCode: c.facilityCode,
            itemCode: c.itemCode,
            daysOfCover: c.daysOfCover,
            leadTimeDays: c.leadTimeDays,
            href: `/facilities/${c.facilityCode}/stock/${encodeURIComponent(c.itemCode)}`,
          }))}
          legend={{
            short: t("planning.cover.short"),
            low: t("planning.cover.low"),
            ok: t("planning.cover.ok"),
            none: t("planning.cover.none"),
          }}
          format={(days) => number(days, { maximumFractionDigits: 1 })}
        />
        {coverRows ? (
          <div className="mt-2 overflow-x-auto text-sm focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
            <table className="mt-1 w-full text-left text-sm" data-testid="cover-table">
              <caption className="sr-only">{t("planning.cover.title")}</caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-2 py-1">{t("planning.table.facility")}</th>
                  <th scope="col" className="px-2 py-1">{t("planning.table.item")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.cover.usable")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.cover.perDay")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.cover.days")}</th>
                  <th scope="col" className="px-2 py-1">{t("planning.cover.stockOut")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.cover.reorderPoint")}</th>
                  <th scope="col" className="px-2 py-1 text-right">{t("planning.cover.order")}</th>
                </tr>
              </thead>
              <tbody>
                {coverRows.map((c) => (
                  <tr key={`${c.facilityCode}-${c.itemCode}`} className="border-t border-slate-200">
                    <td className="px-2 py-1">{c.facilityCode}</td>
                    <th scope="row" className="px-2 py-1 font-normal">{itemName(c.itemCode)}</th>
                    <td className="px-2 py-1 text-right tabular-nums">{number(c.usable)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{number(c.demandToday)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{c.daysOfCover === null ? "—" : number(c.daysOfCover)}</td>
                    <td className="px-2 py-1">{c.stockOutDay ? day(c.stockOutDay) : "—"}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{number(c.reorderPoint)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{number(c.orderQuantity)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2 text-sm">
            <Link to={withParam("open", "cover", "cover-heading")} className="text-brand-700 underline" data-testid="open-cover">
              {t("planning.table.show")}
            </Link>
          </p>
        )}
      </section>

      <section aria-labelledby="redistribution-heading" className="rounded-lg bg-white p-4 shadow">
        <h2 id="redistribution-heading" className="text-xl font-bold">
          {t("planning.redistribution.title")}
        </h2>
        <TransfersTable plan={data.peopleTransfers} facilityName={facilityName} csvHref={`/planning/export/transfers.csv${query}`} />
        <StockMovesTable moves={data.stockMoves} itemName={itemName} facilityName={facilityName} csvHref={`/planning/export/moves.csv${query}`} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "planning.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
