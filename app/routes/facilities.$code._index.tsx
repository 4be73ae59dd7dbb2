import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { CapacityAlert, WhyThisNumber } from "~/components/facility/capacity";
import { DefinitionCard } from "~/components/facility/definition-card";
import { GroupBreakdown, History, TransfersInTransit } from "~/components/facility/population";
import { OccupancyGauge, StaleBadge } from "~/components/occupancy";
import { ForecastRecord, ForecastWhy, RegimeChangeWarning } from "~/components/planning/forecast-facts";
import { requireFacility, type SessionUser } from "~/lib/auth.server";
import { loadFacilityCapacity } from "~/lib/capacity.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { facilityForecast } from "~/lib/plan-views.server";
import { can } from "~/lib/permissions";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Aggregate counts only (no person's record), so every role that sees the facility sees this.
  const { user, facility } = await requireFacility(request, context, params.code, "population:view");
  const capacity = await loadFacilityCapacity(getDb(), facility);
  const recordsAt = (facilityId: number) => canRecordAt(user, facilityId);
  // The arrivals forecast is planning data: shown to those who may see the planning pages; the
  // network's stored plan gives it (decision 018), the same figures as the planner's dashboard.
  const forecast = can(user.role, "planning:view") ? await facilityForecast(getDb(), facility.id, facility.code) : null;
  return {
    forecast,
    facility,
    canManage: can(user.role, "facility:manage"),
    canViewCare: can(user.role, "care:view"),
    canRecord: recordsAt(facility.id),
    capacity: {
      ...capacity,
      transfers: capacity.transfers.map((transfer) => ({ ...transfer, canReceive: recordsAt(transfer.toFacilityId) })),
    },
  };
}

function canRecordAt(user: SessionUser, facilityId: number) {
  return can(user.role, "population:record") && user.facilityIds.includes(facilityId);
}

export default function FacilityPage() {
  const { facility, canManage, canViewCare, canRecord, capacity, forecast } = useLoaderData<typeof loader>();
  const { t, number, relative, dateTime } = useI18n();
  const gaugeId = useId();
  const summary = capacity.capacity;
  const norms = capacity.norms;
  const rows: [string, string][] = [
    [t("facility.kind"), t(`facilityKind.${facility.kind}`)],
    [t("facility.region"), facility.region || t("common.notSet")],
    [
      t("facility.coordinates"),
      facility.latitude != null && facility.longitude != null
        ? `${number(facility.latitude, { maximumFractionDigits: 5 })}, ${number(facility.longitude, { maximumFractionDigits: 5 })}`
        : t("common.notSet"),
    ],
    [t("facility.status"), t(`facilityStatus.${facility.status}`)],
  ];
  const capacityInputs: [string, string][] = [
    [t("facility.beds"), number(facility.beds)],
    [t("facility.coveredAreaM2"), number(facility.coveredAreaM2)],
    [t("facility.waterLitresPerDay"), number(facility.waterLitresPerDay)],
    [t("facility.toilets"), number(facility.toilets)],
    [t("facility.sanitationPhase"), facility.sanitationFirstPhase ? t("facility.sanitationPhase.first") : t("facility.sanitationPhase.after")],
  ];
  const lastEntryAt = capacity.census.lastEntryAt;
  const now = new Date(capacity.now).getTime();
  const timeZone = capacity.timeZone;
  const base = `/facilities/${facility.code}`;
  // A warehouse houses nobody: its population sections would only be rows of zeros.
  const showsPopulation =
    facility.kind !== "warehouse" ||
    capacity.census.total > 0 ||
    capacity.history.some((d) => d.arrivals || d.departures || d.transfersIn || d.transfersOut) ||
    capacity.transfers.length > 0;

  return (
    <div>
      <p className="text-sm">
        <Link to="/facilities" className="text-brand-700 underline">
          {t("common.backTo", { place: t("facilities.title") })}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">
            {facility.name} <span className="font-mono text-lg text-slate-700">{facility.code}</span>
          </h1>
          <p className={`mt-1 flex flex-wrap items-center gap-2 text-sm ${capacity.stale ? "font-semibold text-amber-900" : "text-slate-700"}`}>
            {lastEntryAt ? (
              <span>
                {t("capacity.lastEntry", { when: relative(lastEntryAt, now) })}{" "}
                <span className="font-normal">({dateTime(lastEntryAt, { dateStyle: "medium", timeStyle: "short", timeZone })})</span>
              </span>
            ) : (
              <span>{t("capacity.noEntries")}</span>
            )}
            {capacity.stale ? <StaleBadge hours={norms.staleAfterHours} /> : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canRecord ? (
            <>
              <Link to={`${base}/arrivals/new`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
                {t("capacity.recordArrival")}
              </Link>
              <Link
                to={`${base}/departures/new`}
                className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
              >
                {t("capacity.recordDeparture")}
              </Link>
              <Link to={`${base}/headcount`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
                {t("headcount.link")}
              </Link>
            </>
          ) : null}
          <Link to={`${base}/entries`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
            {t("capacity.entries")}
          </Link>
          <Link to={`${base}/stock`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
            {t("stock.link")}
          </Link>
          <Link to={`${base}/requests`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
            {t("nav.requests")}
          </Link>
          {canRecord && facility.kind === "warehouse" ? (
            <Link to={`${base}/picking`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
              {t("nav.picking")}
            </Link>
          ) : null}
          {canViewCare ? (
            <Link to={`${base}/care`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
              {t("care.link")}
            </Link>
          ) : null}
          {canManage ? (
            <Link to={`${base}/edit`} className="rounded border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
              {t("common.edit")}
            </Link>
          ) : null}
        </div>
      </div>

      <CapacityAlert summary={summary} />

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <section aria-labelledby={gaugeId} className="rounded-lg bg-white p-4 shadow lg:col-span-2">
          <h2 id={gaugeId} className="mb-3 text-lg font-semibold">
            {t("capacity.occupancy")}
          </h2>
          <OccupancyGauge summary={summary} warningRatio={norms.occupancyWarning} labelId={gaugeId} />
          <WhyThisNumber capacity={capacity} sanitationFirstPhase={facility.sanitationFirstPhase} />
        </section>
        <section aria-labelledby="today-heading" className="rounded-lg bg-white p-4 shadow">
          <h2 id="today-heading" className="mb-3 text-lg font-semibold">
            {t("capacity.today", { date: dateTime(`${capacity.today}T12:00:00Z`, { dateStyle: "medium", timeZone: "UTC" }) })}
          </h2>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
            {(
              [
                ["arrivals", capacity.todayMovements.arrivals],
                ["departures", capacity.todayMovements.departures],
                ["transfersIn", capacity.todayMovements.transfersIn],
                ["transfersOut", capacity.todayMovements.transfersOut],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-medium text-slate-700">{t(`capacity.movement.${key}`)}</dt>
                <dd className="text-right text-lg font-semibold tabular-nums">{number(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      {showsPopulation ? (
        <>
          <div className="mt-6 grid gap-6 lg:grid-cols-3">
            <GroupBreakdown counts={capacity.census.counts} total={capacity.census.total} />
            <History capacity={capacity} code={facility.code} />
          </div>
          <TransfersInTransit transfers={capacity.transfers} timeZone={timeZone} />
          {forecast ? (
            <section aria-labelledby="forecast-heading" className="mt-6 space-y-2 rounded-lg bg-white p-4 shadow" data-testid="facility-forecast">
              <h2 id="forecast-heading" className="text-lg font-semibold">
                {t("forecast.facility.title")}
              </h2>
              <RegimeChangeWarning facts={forecast} testId="facility-regime-change" />
              <p>{t("forecast.facility.next7", { mean: forecast.next7Mean, plan: forecast.next7Plan, level: t(`forecast.level.${forecast.planningLevel}`) })}</p>
              <ForecastRecord facts={forecast} />
              <details className="text-sm">
                <summary className="cursor-pointer text-brand-700">{t("planning.why")}</summary>
                <p className="mt-1">
                  <ForecastWhy parts={forecast.explanation} />
                </p>
              </details>
            </section>
          ) : null}
        </>
      ) : null}

      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="mb-2 text-lg font-semibold">
            {t("capacity.details")}
          </h2>
          <DefinitionCard rows={rows} />
          <p className="mt-2 text-sm text-slate-700">{t("facility.updatedAt", { when: relative(facility.updatedAt, now) })}</p>
        </section>
        <section aria-labelledby="capacity-inputs">
          <h2 id="capacity-inputs" className="mb-2 text-lg font-semibold">
            {t("facility.capacityInputs")}
          </h2>
          <DefinitionCard rows={capacityInputs} />
        </section>
      </div>
      {facility.notes ? (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">{t("facility.notes")}</h2>
          <p className="mt-1 whitespace-pre-line">{facility.notes}</p>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.facility.name} · Albergue` }] : pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
