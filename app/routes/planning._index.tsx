import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { CoverSection, FacilityCards, ForecastSection, OccupancySection } from "~/components/planning/dashboard";
import { PlanFreshness } from "~/components/planning/plan-freshness";
import { RegimeChangeWarning } from "~/components/planning/forecast-facts";
import { RouteMap } from "~/components/planning/route-map";
import { AlertList, PlanNotes, StockMovesTable, TransfersTable, statusKey } from "~/components/planning/sections";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { planningDashboard } from "~/lib/plan-views.server";
import { HxlCsvLink } from "~/components/hxl-link";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "planning:view");
  return planningDashboard(getDb(), request);
}

export default function PlanningDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, day, locale } = useI18n();
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

      <FacilityCards data={data} itemName={itemName} />

      <ForecastSection data={data} query={query} />

      <OccupancySection data={data} query={query} withParam={withParam} />

      <CoverSection data={data} query={query} withParam={withParam} itemName={itemName} />

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
