import { useI18n } from "~/lib/i18n";

export interface Freshness {
  computedAt: string;
  dataUntil: string | null;
  stale: boolean;
  failedAt: string | null;
}

/**
 * How old the plan on the page is (decision 018): when it was computed and up to which entry,
 * and, said plainly, when newer entries are waiting for the next recompute or the last
 * recompute failed. A plan is never shown as current when it is not.
 */
export function PlanFreshness({ freshness, className = "" }: { freshness: Freshness; className?: string }) {
  const { t, relative, dateTime } = useI18n();
  const at = (iso: string) => dateTime(iso, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
  const basis = t("planning.freshness.computed", {
    ago: relative(freshness.computedAt),
    until: freshness.dataUntil ? at(freshness.dataUntil) : t("planning.freshness.noData"),
  });
  const state = freshness.failedAt ? "failed" : freshness.stale ? "stale" : "current";
  const tone =
    state === "failed" ? "border-red-300 bg-red-50 text-red-900" : state === "stale" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-700";
  return (
    <p className={`rounded border px-3 py-2 text-sm ${tone} ${className}`} data-testid="plan-freshness" data-state={state} role={state === "current" ? undefined : "status"}>
      {basis}{" "}
      {state === "failed"
        ? t("planning.freshness.failed", { at: at(freshness.failedAt!) })
        : state === "stale"
          ? t("planning.freshness.stale")
          : t("planning.freshness.current")}
    </p>
  );
}
