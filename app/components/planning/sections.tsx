import { Link, useRouteLoaderData } from "@remix-run/react";
import type { Alert } from "~/lib/domain/alerts";
import type { PeopleTransferPlan } from "~/lib/domain/rebalance-people";
import type { StockMove } from "~/lib/domain/rebalance-stock";
import type { ScenarioNote } from "~/lib/domain/scenario";
import { HxlCsvLink } from "~/components/hxl-link";
import type { Why } from "~/lib/domain/why";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";
import { can, type Role } from "~/lib/permissions";

/** Whether the signed-in user may raise a stock request (the root loader carries the role). */
function useCanRequest(): boolean {
  const root = useRouteLoaderData("root") as { user?: { role: Role } | null } | undefined;
  return root?.user ? can(root.user.role, "request:raise") : false;
}

const requestHref = (facility: string, item: string, extra = "") => `/facilities/${facility}/requests/new?item=${encodeURIComponent(item)}${extra}`;

/** Loader data arrives JSON-serialised: the same shapes with every field plain. */
type Serialised<T> = { [K in keyof T]: T[K] };

const alertKey: Record<Alert["kind"], MessageKey> = {
  saturation: "planning.alert.saturation",
  stockout: "planning.alert.stockout",
  expiry: "planning.alert.expiry",
  stale: "planning.alert.stale",
};

export const constraintKey: Record<string, MessageKey> = {
  beds: "capacity.constraint.beds",
  area: "capacity.constraint.area",
  water: "capacity.constraint.water",
  toilets: "capacity.constraint.toilets",
};

export const statusKey: Record<string, MessageKey> = {
  ok: "planning.status.ok",
  warning: "planning.status.warning",
  saturated: "planning.status.saturated",
  unknown: "planning.status.unknown",
  notApplicable: "planning.status.notApplicable",
};

/** The alerts, most urgent first, each with its facts, its formula and the place to act. */
export function AlertList({
  alerts,
  itemName,
  facilityName,
  print = false,
}: {
  alerts: readonly Serialised<Alert>[];
  itemName: (code: string) => string;
  facilityName: (code: string) => string;
  print?: boolean;
}) {
  const { t, day, number } = useI18n();
  const canRequest = useCanRequest();
  if (alerts.length === 0) return <p className="mt-2 text-slate-700">{t("planning.alerts.none")}</p>;
  return (
    <ol className="mt-2 space-y-2" data-testid="alerts">
      {alerts.map((a, i) => {
        const params: Record<string, string | number> = {
          facility: facilityName(a.facilityCode),
          item: a.itemCode ? itemName(a.itemCode) : "",
          date: a.day ? day(a.day) : "—",
          days: a.daysAway,
        };
        for (const [k, v] of Object.entries(a.facts)) params[k] = v === null ? "—" : typeof v === "number" ? number(v) : v;
        // The binding constraint by its name, not its code.
        const binding = typeof a.facts.binding === "string" ? constraintKey[a.facts.binding] : undefined;
        if (binding) params.binding = t(binding).toLowerCase();
        const critical = a.severity === "critical";
        return (
          <li
            key={`${a.kind}-${a.facilityCode}-${a.itemCode ?? ""}-${i}`}
            className={`rounded border-l-4 px-3 py-2 ${critical ? "border-red-700 bg-red-50 text-red-950" : "border-amber-600 bg-amber-50 text-amber-950"}`}
            data-kind={a.kind}
          >
            <p>
              <span className="font-bold">
                <span aria-hidden="true">{critical ? "■ " : "▲ "}</span>
                {t(critical ? "planning.alert.critical" : "planning.alert.warning")}:
              </span>{" "}
              {t(alertKey[a.kind], params)}{" "}
              {print ? null : (
                <Link to={a.href} className="font-semibold underline">
                  {t("planning.alert.act")}
                </Link>
              )}
              {!print && canRequest && a.kind === "stockout" && a.itemCode ? (
                <>
                  {" · "}
                  <Link to={requestHref(a.facilityCode, a.itemCode)} className="font-semibold underline">
                    {t("planning.alert.request")}
                  </Link>
                </>
              ) : null}
            </p>
            {print ? null : (
              <details className="text-sm">
                <summary className="cursor-pointer">{t("planning.why")}</summary>
                <p className="mt-1 break-words">{renderWhy({ t, day }, a.why)}</p>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function PlanNotes({ notes }: { notes: readonly ScenarioNote[] }) {
  const { t } = useI18n();
  if (notes.length === 0) return null;
  return (
    <div className="rounded border-l-4 border-brand-700 bg-white px-4 py-3 text-sm">
      <p className="font-semibold">{t("planning.scenario.notes")}</p>
      <ul className="list-disc pl-6">
        {notes.map((n, i) => (
          <li key={i}>{n.text}</li>
        ))}
      </ul>
    </div>
  );
}

export function TransfersTable({
  plan,
  facilityName,
  csvHref,
}: {
  plan: Serialised<PeopleTransferPlan>;
  facilityName: (code: string) => string;
  csvHref?: string;
}) {
  const { t, number, day } = useI18n();
  return (
    <div className="mt-3">
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">{t("planning.transfers.title", { bus: plan.busSize })}</h3>
        {csvHref ? (
          <span className="flex gap-3">
            <a href={csvHref} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={csvHref} />
          </span>
        ) : null}
      </div>
      {plan.transfers.length === 0 ? (
        <p className="text-sm text-slate-700">{t("planning.transfers.none")}</p>
      ) : (
        <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
        <table className="mt-1 w-full text-left text-sm" data-testid="transfers-table">
          <caption className="sr-only">{t("planning.transfers.title", { bus: plan.busSize })}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.from")}</th>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.to")}</th>
              <th scope="col" className="px-2 py-1 text-right">{t("planning.transfers.buses")}</th>
              <th scope="col" className="px-2 py-1 text-right">{t("planning.transfers.people")}</th>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.effect")}</th>
            </tr>
          </thead>
          <tbody>
            {plan.transfers.map((tr, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td className="px-2 py-1">{facilityName(tr.from)}</td>
                <td className="px-2 py-1">{facilityName(tr.to)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{number(tr.buses)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{number(tr.people)}</td>
                <td className="px-2 py-1">
                  {t("planning.transfers.effectText", {
                    fromBefore: Math.round(tr.effect.fromPeakBefore),
                    fromAfter: Math.round(tr.effect.fromPeakAfter),
                    toBefore: Math.round(tr.effect.toPeakBefore),
                    toAfter: Math.round(tr.effect.toPeakAfter),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <p className="mt-1 text-xs text-slate-700">{renderWhy({ t, day }, plan.formula)}</p>
    </div>
  );
}

export function StockMovesTable({
  moves,
  itemName,
  facilityName,
  csvHref,
}: {
  moves: readonly { itemCode: string; moves: readonly Serialised<StockMove>[]; formula: Why }[];
  itemName: (code: string) => string;
  facilityName: (code: string) => string;
  csvHref?: string;
}) {
  const { t, number } = useI18n();
  const canRequest = useCanRequest();
  const days = (d: number | null) => (d === null ? "—" : number(d, { maximumFractionDigits: 1 }));
  return (
    <div className="mt-6">
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">{t("planning.moves.title")}</h3>
        {csvHref ? (
          <span className="flex gap-3">
            <a href={csvHref} download className="text-sm text-brand-700 underline">
              {t("common.exportCsv")}
            </a>
            <HxlCsvLink href={csvHref} />
          </span>
        ) : null}
      </div>
      {moves.length === 0 ? (
        <p className="text-sm text-slate-700">{t("planning.moves.none")}</p>
      ) : (
        <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700 print:overflow-visible" tabIndex={0}>
        <table className="mt-1 w-full text-left text-sm" data-testid="moves-table">
          <caption className="sr-only">{t("planning.moves.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-2 py-1">{t("planning.table.item")}</th>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.from")}</th>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.to")}</th>
              <th scope="col" className="px-2 py-1 text-right">{t("planning.moves.quantity")}</th>
              <th scope="col" className="px-2 py-1">{t("planning.transfers.effect")}</th>
            </tr>
          </thead>
          <tbody>
            {moves.flatMap((m) =>
              m.moves.map((mv, i) => (
                <tr key={`${m.itemCode}-${i}`} className="border-t border-slate-200">
                  <td className="px-2 py-1">{itemName(m.itemCode)}</td>
                  <td className="px-2 py-1">{facilityName(mv.from)}</td>
                  <td className="px-2 py-1">{facilityName(mv.to)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {canRequest ? (
                      <Link to={requestHref(mv.to, m.itemCode, `&quantity=${mv.quantity}&supplier=${encodeURIComponent(mv.from)}`)} className="underline" aria-label={`${t("planning.alert.request")}: ${number(mv.quantity)}`}>
                        {number(mv.quantity)}
                      </Link>
                    ) : (
                      number(mv.quantity)
                    )}
                  </td>
                  <td className="px-2 py-1">
                    {t("planning.moves.effectText", {
                      fromBefore: days(mv.effect.fromDaysBefore),
                      fromAfter: days(mv.effect.fromDaysAfter),
                      toBefore: days(mv.effect.toDaysBefore),
                      toAfter: days(mv.effect.toDaysAfter),
                    })}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
