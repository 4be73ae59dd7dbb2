import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { DailyChart } from "~/components/charts";
import { OccupancyGauge, StaleBadge, usePercent } from "~/components/occupancy";
import { ForecastRecord, ForecastWhy, RegimeChangeWarning } from "~/components/planning/forecast-facts";
import { requireFacility, type SessionUser } from "~/lib/auth.server";
import { loadFacilityCapacity, type FacilityCapacity } from "~/lib/capacity.server";
import { getDb } from "~/lib/db.server";
import type { Constraint } from "~/lib/domain/capacity";
import { baseGroups, subgroups } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readPlan } from "~/lib/plan-store.server";
import { forecastSummary } from "~/lib/planning.server";
import { can } from "~/lib/permissions";
import { HxlCsvLink } from "~/components/hxl-link";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Aggregate counts only (no person's record), so every role that sees the facility sees this.
  const { user, facility } = await requireFacility(request, context, params.code, "population:view");
  const capacity = await loadFacilityCapacity(getDb(), facility);
  const recordsAt = (facilityId: number) => canRecordAt(user, facilityId);
  // The arrivals forecast is planning data: shown to those who may see the planning pages.
  const forecast = can(user.role, "planning:view") ? await facilityForecast(facility.id, facility.code) : null;
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

async function facilityForecast(facilityId: number, code: string) {
  // The network's stored plan (decision 018): the same figures as the planner's dashboard.
  const { plan } = await readPlan(getDb());
  const f = plan.facilities.find((x) => x.id === facilityId && x.code === code);
  const summary = forecastSummary(f?.forecast?.model);
  if (!f?.forecast || !summary) return null;
  const next7 = f.forecast.points.slice(0, 7);
  return {
    ...summary,
    next7Mean: Math.round(next7.reduce((sum, p) => sum + p.mean, 0)),
    next7Plan: Math.round(next7.reduce((sum, p) => sum + p.plan, 0)),
  };
}

function canRecordAt(user: SessionUser, facilityId: number) {
  return can(user.role, "population:record") && user.facilityIds.includes(facilityId);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

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

function CapacityAlert({ summary }: { summary: LoaderData["capacity"]["capacity"] }) {
  const { t } = useI18n();
  const percent = usePercent();
  if (summary.capacity === null) return null;
  const params = { census: summary.census, capacity: summary.capacity, percent: percent(summary.ratio) };
  if (summary.status === "saturated") {
    return (
      <div role="alert" className="mt-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
        <p className="font-bold">
          <span aria-hidden="true">■ </span>
          {t("capacity.alert.saturatedTitle")}
        </p>
        <p>{t("capacity.alert.saturated", params)}</p>
      </div>
    );
  }
  if (summary.status === "warning") {
    return (
      <div className="mt-4 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-900">
        <p className="font-bold">
          <span aria-hidden="true">▲ </span>
          {t("capacity.alert.warningTitle")}
        </p>
        <p>{t("capacity.alert.warning", params)}</p>
      </div>
    );
  }
  return null;
}

const constraintOrder: Constraint[] = ["beds", "area", "water", "toilets"];

/** Every constraint with its formula, inputs and the norm's source. */
function WhyThisNumber({
  capacity,
  sanitationFirstPhase,
}: {
  capacity: LoaderData["capacity"];
  sanitationFirstPhase: boolean;
}) {
  const { t, number } = useI18n();
  const percent = usePercent();
  const { capacity: summary, norms, sources } = capacity;
  return (
    <details className="mt-4 rounded border border-slate-300 p-3">
      <summary className="cursor-pointer font-semibold text-brand-700">{t("capacity.why.summary")}</summary>
      {summary.status === "notApplicable" ? (
        <p className="mt-2">{t("capacity.why.notApplicable")}</p>
      ) : (
        <div className="mt-2 space-y-3">
          <p>{t("capacity.why.intro")}</p>
          <ul className="space-y-2">
            {constraintOrder.map((constraint) => {
              const value = summary.constraints.find((c) => c.constraint === constraint);
              const label = t(`capacity.constraint.${constraint}`);
              if (!value) {
                return (
                  <li key={constraint} className="text-slate-700">
                    {t("capacity.why.notMeasured", { label })}
                  </li>
                );
              }
              const binding = summary.binding === constraint;
              const source = sources[constraint];
              const params = { label, input: value.input, divisor: value.divisor, people: value.people };
              return (
                <li key={constraint} className={binding ? "rounded bg-slate-100 p-2" : undefined}>
                  <span className={binding ? "font-semibold" : undefined}>
                    {t(`capacity.why.${constraint}`, params)}
                    {constraint === "toilets"
                      ? ` (${sanitationFirstPhase ? t("facility.sanitationPhase.first") : t("facility.sanitationPhase.after")})`
                      : ""}
                  </span>
                  {binding ? <strong className="ml-2">{t("capacity.why.binds")}</strong> : null}
                  {source ? (
                    <span className="block text-sm text-slate-700">{t("capacity.why.source", { source })}</span>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {summary.capacity !== null ? (
            <p>
              {t("capacity.why.result", {
                capacity: summary.capacity,
                label: t(`capacity.constraint.${summary.binding ?? "beds"}`),
              })}{" "}
              {t("capacity.why.occupancy", {
                census: summary.census,
                capacity: summary.capacity,
                percent: percent(summary.ratio),
              })}
            </p>
          ) : (
            <p>{t("capacity.why.nothingMeasured")}</p>
          )}
          <p className="text-sm text-slate-700">
            {t("capacity.why.thresholds", {
              warning: number(norms.occupancyWarning, { style: "percent", maximumFractionDigits: 1 }),
              saturated: number(norms.occupancySaturated, { style: "percent", maximumFractionDigits: 1 }),
            })}
            {sources.thresholds ? ` ${t("capacity.why.source", { source: sources.thresholds })}` : ""}
          </p>
        </div>
      )}
    </details>
  );
}

function GroupBreakdown({ counts, total }: { counts: FacilityCapacity["census"]["counts"]; total: number }) {
  const { t, number } = useI18n();
  return (
    <section aria-labelledby="groups-heading" className="rounded-lg bg-white p-4 shadow">
      <h2 id="groups-heading" className="mb-3 text-lg font-semibold">
        {t("capacity.groups")}
      </h2>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1 pr-2">{t("capacity.group")}</th>
            <th scope="col" className="py-1 text-right">{t("capacity.people")}</th>
          </tr>
        </thead>
        <tbody>
          {baseGroups.map((group) => (
            <tr key={group} className="border-b border-slate-200">
              <th scope="row" className="py-1 pr-2 font-normal">{t(`group.${group}`)}</th>
              <td className="py-1 text-right tabular-nums">{number(counts[group])}</td>
            </tr>
          ))}
          <tr className="border-b-2 border-slate-400">
            <th scope="row" className="py-1 pr-2">{t("group.total")}</th>
            <td className="py-1 text-right font-semibold tabular-nums">{number(total)}</td>
          </tr>
        </tbody>
        <tbody>
          <tr>
            <th scope="colgroup" colSpan={2} className="pt-3 pb-1 text-slate-700">
              {t("group.withinGroups")}
            </th>
          </tr>
          {subgroups.map((group) => (
            <tr key={group} className="border-b border-slate-200">
              <th scope="row" className="py-1 pr-2 font-normal">{t(`group.${group}`)}</th>
              <td className="py-1 text-right tabular-nums">{number(counts[group])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const colours = {
  arrivals: "#0c5649", // brand-700
  departures: "#b45309", // amber-700
  census: "#1e293b", // slate-800
  capacity: "#b91c1c", // red-700
};

function History({ capacity, code }: { capacity: LoaderData["capacity"]; code: string }) {
  const { t, number, dateTime } = useI18n();
  const history = capacity.history;
  const days = history.map((d) => d.day);
  const effective = capacity.capacity.capacity;
  const dayLabel = (day: string) => dateTime(`${day}T12:00:00Z`, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <section aria-labelledby="history-heading" className="rounded-lg bg-white p-4 shadow lg:col-span-2">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("capacity.history", { days: history.length })}
        </h2>
        <span className="flex gap-3">
          <a href={`/facilities/${code}/history.csv`} download className="text-brand-700 underline">
            {t("capacity.history.csv")}
          </a>
          <HxlCsvLink href={`/facilities/${code}/history.csv`} />
        </span>
      </div>
      <DailyChart
        title={t("capacity.history.movementsChart", { days: history.length })}
        days={days}
        bars={[
          { id: "arrivals", label: t("capacity.movement.arrivals"), color: colours.arrivals, values: history.map((d) => d.arrivals) },
          { id: "departures", label: t("capacity.movement.departures"), color: colours.departures, values: history.map((d) => d.departures) },
        ]}
      />
      <div className="mt-4">
        <DailyChart
          title={t("capacity.history.censusChart", { days: history.length })}
          days={days}
          lines={[
            { id: "census", label: t("capacity.history.census"), color: colours.census, values: history.map((d) => d.census) },
            ...(effective !== null
              ? [
                  {
                    id: "capacity",
                    label: t("capacity.history.capacity"),
                    color: colours.capacity,
                    values: history.map(() => effective),
                    dashed: true,
                  },
                ]
              : []),
          ]}
        />
        <p className="mt-1 text-sm text-slate-700">{t("capacity.history.capacityNote")}</p>
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer font-semibold text-brand-700">{t("capacity.history.table")}</summary>
        {/* Focusable so that keyboard users can scroll it (axe: scrollable-region-focusable). */}
        <div className="mt-2 max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={t("capacity.history.table")}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("capacity.history", { days: history.length })}</caption>
            <thead className="sticky top-0 bg-slate-100">
              <tr>
                <th scope="col" className="px-2 py-1">{t("capacity.history.day")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.movement.arrivals")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.movement.departures")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.movement.transfersIn")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.movement.transfersOut")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.history.census")}</th>
                <th scope="col" className="px-2 py-1 text-right">{t("capacity.history.capacity")}</th>
              </tr>
            </thead>
            <tbody>
              {[...history].reverse().map((d) => (
                <tr key={d.day} className="border-t border-slate-200">
                  <th scope="row" className="whitespace-nowrap px-2 py-1 font-normal">{dayLabel(d.day)}</th>
                  <td className="px-2 py-1 text-right tabular-nums">{number(d.arrivals)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{number(d.departures)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{number(d.transfersIn)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{number(d.transfersOut)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{number(d.census)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{effective === null ? "—" : number(effective)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function TransfersInTransit({
  transfers,
  timeZone,
}: {
  transfers: LoaderData["capacity"]["transfers"];
  timeZone: string;
}) {
  const { t, number, dateTime } = useI18n();
  return (
    <section aria-labelledby="transit-heading" className="mt-6 rounded-lg bg-white p-4 shadow">
      <h2 id="transit-heading" className="mb-3 text-lg font-semibold">
        {t("capacity.transit")}
      </h2>
      {transfers.length === 0 ? (
        <p className="text-slate-700">{t("capacity.transit.none")}</p>
      ) : (
        <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">{t("capacity.transit.direction")}</th>
                <th scope="col" className="px-3 py-2">{t("capacity.transit.route")}</th>
                <th scope="col" className="px-3 py-2">{t("capacity.transit.sentAt")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("capacity.people")}</th>
                <th scope="col" className="px-3 py-2">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {transfers.map((transfer) => (
                <tr key={transfer.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">{t(`capacity.transit.${transfer.direction}`)}</td>
                  <td className="px-3 py-2 font-mono">
                    {transfer.fromCode} → {transfer.toCode}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {dateTime(transfer.sentAt, { dateStyle: "medium", timeStyle: "short", timeZone })}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(transfer.total)}</td>
                  <td className="px-3 py-2">
                    {transfer.canReceive ? (
                      <Link
                        to={`/facilities/${transfer.toCode}/transfers/${transfer.id}/receive`}
                        className="font-medium text-brand-700 underline"
                      >
                        {t("capacity.transit.receive", { id: String(transfer.id) })}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DefinitionCard({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 rounded-lg bg-white p-4 shadow">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-700">{term}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.facility.name} · Albergue` }] : pageTitle(matches, "facilities.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
