// The facility page's population panels: who is here by group, the daily history with its
// charts and table, and the transfers on the road.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { DailyChart } from "~/components/charts";
import { HxlCsvLink } from "~/components/hxl-link";
import type { FacilityCapacity } from "~/lib/capacity.server";
import { baseGroups, subgroups } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";

type Capacity = SerializeFrom<FacilityCapacity>;

export function GroupBreakdown({ counts, total }: { counts: FacilityCapacity["census"]["counts"]; total: number }) {
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
export function History({ capacity, code }: { capacity: Pick<Capacity, "history" | "capacity">; code: string }) {
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

export function TransfersInTransit({
  transfers,
  timeZone,
}: {
  transfers: (Capacity["transfers"][number] & { canReceive: boolean })[];
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
