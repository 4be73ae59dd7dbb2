// The planning dashboard's long sections (issue 13): a card per facility, the network forecast,
// projected occupancy and days of cover. Each long table is sent only when opened (`?open=`).
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { HxlCsvLink } from "~/components/hxl-link";
import { renderWhy } from "~/lib/i18n/why-render";
import { useI18n } from "~/lib/i18n";
import type { PlanningDashboard } from "~/lib/plan-views.server";
import type { PlanTables } from "~/lib/planning.server";
import { CoverHeatmap } from "./cover-heatmap";
import { ForecastChart } from "./forecast-chart";
import { ForecastRecord, ForecastWhy, RegimeChangeWarning } from "./forecast-facts";
import { OccupancyChart } from "./occupancy-chart";
import { constraintKey, statusKey } from "./sections";

type Dashboard = SerializeFrom<PlanningDashboard>;
/** A link to the dashboard with one more table open, what is open and the scenario kept. */
type WithParam = (name: string, value: string, anchor: string) => string;

export function FacilityCards({ data, itemName }: { data: Pick<Dashboard, "cards" | "horizon">; itemName: (code: string) => string }) {
  const { t, number, day } = useI18n();
  const percent = (ratio: number | null) => (ratio === null ? "—" : number(ratio, { style: "percent", maximumFractionDigits: 0 }));
  return (
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
  );
}

export function ForecastSection({ data, query }: { data: Pick<Dashboard, "network" | "tables" | "scenario">; query: string }) {
  const { t, number, day } = useI18n();
  return (
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
  );
}

export function OccupancySection({
  data,
  query,
  withParam,
}: {
  data: Pick<Dashboard, "occupancyCharts" | "open" | "warningRatio">;
  query: string;
  withParam: WithParam;
}) {
  const { t, number, day } = useI18n();
  return (
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
  );
}

export function CoverSection({
  data,
  query,
  withParam,
  itemName,
}: {
  data: Pick<Dashboard, "cards" | "items" | "tables" | "open">;
  query: string;
  withParam: WithParam;
  itemName: (code: string) => string;
}) {
  const { t, number, day } = useI18n();
  const coverRows = data.open.includes("cover") ? (data.tables.cover as PlanTables["cover"]) : null;
  return (
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
  );
}
