// The pieces of the request pages (issue 17): where a request stands, its lines with what was
// suggested, approved, picked and received, and its history. Plain components: data in, markup out.
import type { Why } from "~/lib/domain/why";
import { requestSteps, type RequestStatus } from "~/lib/domain/requests";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";
import { TableScroll } from "~/components/ui/data-table";

export const statusKey: Record<RequestStatus, MessageKey> = {
  draft: "request.status.draft",
  submitted: "request.status.submitted",
  approved: "request.status.approved",
  rejected: "request.status.rejected",
  picking: "request.status.picking",
  shipped: "request.status.shipped",
  received: "request.status.received",
  closed: "request.status.closed",
};

const badgeClass: Record<RequestStatus, string> = {
  draft: "bg-slate-100 text-slate-900",
  submitted: "bg-sky-100 text-sky-950",
  approved: "bg-emerald-100 text-emerald-950",
  rejected: "bg-red-100 text-red-950",
  picking: "bg-amber-100 text-amber-950",
  shipped: "bg-indigo-100 text-indigo-950",
  received: "bg-teal-100 text-teal-950",
  closed: "bg-slate-200 text-slate-900",
};

export function StatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${badgeClass[status]}`} data-status={status}>
      {t(statusKey[status])}
    </span>
  );
}

/** The steps of the life cycle, the current one marked (a rejected request stops at "submitted"). */
export function RequestSteps({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  const steps: RequestStatus[] = status === "rejected" ? ["draft", "submitted", "rejected"] : [...requestSteps];
  const at = steps.indexOf(status);
  return (
    <ol className="mt-3 flex flex-wrap gap-2 text-sm" aria-label={t("request.stepsLabel")}>
      {steps.map((s, i) => (
        <li
          key={s}
          aria-current={i === at ? "step" : undefined}
          className={`rounded-full border px-3 py-1 ${i === at ? "border-brand-700 bg-brand-700 font-semibold text-white" : i < at ? "border-slate-400 bg-white text-slate-900" : "border-dashed border-slate-400 text-slate-700"}`}
        >
          {i < at ? <span aria-hidden="true">✓ </span> : null}
          {t(statusKey[s])}
        </li>
      ))}
    </ol>
  );
}

export interface LineView {
  itemId: number;
  itemCode: string;
  nameEs: string;
  nameEn: string;
  unit: string;
  requested: number;
  approved: number | null;
  picked: number | null;
  received: number | null;
  suggested: number | null;
  stockOutDay: string | null;
  leadTimeDays: number;
  formula: unknown;
}

/** The lines: asked, suggested (with its formula), approved, picked (short picks named), received. */
export function RequestLines({ lines, status }: { lines: LineView[]; status: RequestStatus }) {
  const { t, number, day, locale } = useI18n();
  const shipped = status === "shipped" || status === "received" || status === "closed";
  const th = "px-2 py-1 text-left";
  return (
    <TableScroll card={false} className="mt-2">
      <table className="w-full text-sm" data-testid="request-lines">
        <caption className="sr-only">{t("request.lines")}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={th}>{t("request.item")}</th>
            <th scope="col" className={`${th} text-right`}>{t("request.requested")}</th>
            <th scope="col" className={`${th} text-right`}>{t("request.approved")}</th>
            <th scope="col" className={`${th} text-right`}>{t("request.picked")}</th>
            <th scope="col" className={`${th} text-right`}>{t("request.received")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const short = shipped && l.approved !== null && l.picked !== null && l.picked < l.approved ? l.approved - l.picked : 0;
            const formula = Array.isArray(l.formula) ? (l.formula as Why) : [];
            return (
              <tr key={l.itemId} className="border-t border-slate-200 align-top" data-item={l.itemCode}>
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  <span className="font-semibold">{l.itemCode}</span> · {locale === "en" ? l.nameEn : l.nameEs}
                  <span className="block text-xs text-slate-700">
                    {l.stockOutDay ? t("request.stockOutOn", { date: day(l.stockOutDay) }) : null}
                    {l.stockOutDay ? " · " : null}
                    {t("request.leadTime", { days: l.leadTimeDays })}
                  </span>
                  {l.suggested !== null ? (
                    <details className="text-xs">
                      <summary className="cursor-pointer">{t("request.suggestedWhy", { quantity: number(l.suggested), unit: l.unit })}</summary>
                      <p className="mt-1 break-words">{renderWhy({ t, day }, formula)}</p>
                    </details>
                  ) : null}
                </th>
                <td className="px-2 py-1 text-right tabular-nums">{number(l.requested)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{l.approved === null ? "—" : number(l.approved)}</td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {l.picked === null ? "—" : number(l.picked)}
                  {short > 0 ? (
                    <span className="block font-semibold text-red-800" data-testid="short-pick">
                      {t("request.short", { quantity: number(short), unit: l.unit })}
                    </span>
                  ) : null}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{l.received === null ? "—" : number(l.received)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

export interface EventView {
  id: number;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  reason: string;
  recordedAt: string | Date;
  recordedBy: string | null;
}

/** Every change, oldest first: who moved it, when, and why. */
export function RequestHistory({ events }: { events: EventView[] }) {
  const { t, tMaybe, dateTime } = useI18n();
  return (
    <ol className="mt-2 space-y-1 text-sm" data-testid="request-history">
      {events.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-300 pl-3">
          <span className="font-semibold">{t(statusKey[e.toStatus])}</span> · {dateTime(e.recordedAt, { dateStyle: "medium", timeStyle: "short" })}
          {e.recordedBy ? ` · ${e.recordedBy}` : null}
          {e.reason ? <span className="block text-slate-700">{tMaybe(e.reason)}</span> : null}
        </li>
      ))}
    </ol>
  );
}
