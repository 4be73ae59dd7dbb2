import type { CapacityStatus, CapacitySummary } from "~/lib/capacity.server";
import { useI18n } from "~/lib/i18n";

// Colours are paired with a symbol and a word, so status never rests on colour alone, and each
// text colour is dark enough on its tinted background (WCAG AA).
const statusStyles: Record<CapacityStatus, { badge: string; bar: string; symbol: string }> = {
  ok: { badge: "border-emerald-700 bg-emerald-50 text-emerald-900", bar: "bg-emerald-700", symbol: "✓" },
  warning: { badge: "border-amber-600 bg-amber-50 text-amber-900", bar: "bg-amber-600", symbol: "▲" },
  saturated: { badge: "border-red-700 bg-red-50 text-red-900", bar: "bg-red-700", symbol: "■" },
  unknown: { badge: "border-slate-500 bg-slate-100 text-slate-800", bar: "bg-slate-500", symbol: "?" },
  notApplicable: { badge: "border-slate-500 bg-slate-100 text-slate-800", bar: "bg-slate-500", symbol: "–" },
};

export function StatusBadge({ status, className = "" }: { status: CapacityStatus; className?: string }) {
  const { t } = useI18n();
  const style = statusStyles[status];
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-2 py-0.5 text-sm font-semibold ${style.badge} ${className}`}
    >
      <span aria-hidden="true">{style.symbol}</span>
      {t(`capacity.status.${status}`)}
    </span>
  );
}

/** A stale facility's label: "short" for tables, where the heading already says what it is about. */
export function StaleBadge({ hours, short = false }: { hours: number; short?: boolean }) {
  const { t } = useI18n();
  return (
    <span
      title={short ? t("capacity.stale", { hours }) : undefined}
      className="inline-flex items-center gap-1 whitespace-nowrap rounded border border-amber-600 bg-amber-50 px-2 py-0.5 text-sm font-semibold text-amber-900"
    >
      <span aria-hidden="true">!</span>
      {short ? t("capacity.staleShort") : t("capacity.stale", { hours })}
    </span>
  );
}

/** Occupancy as a share, with one decimal so that 85.3 % (a warning) does not read as 85 %. */
export function usePercent() {
  const { number } = useI18n();
  return (ratio: number | null) => (ratio === null ? "—" : number(ratio, { style: "percent", maximumFractionDigits: 1 }));
}

/**
 * The occupancy gauge: census against effective capacity, coloured by status and always
 * spelled out in words and numbers. The bar's scale stretches past capacity when the
 * facility is over it, so the capacity mark stays visible.
 */
export function OccupancyGauge({
  summary,
  warningRatio,
  labelId,
}: {
  summary: CapacitySummary;
  warningRatio: number;
  labelId: string;
}) {
  const { t } = useI18n();
  const percent = usePercent();
  const { census, capacity, ratio, status, binding } = summary;
  const style = statusStyles[status];

  if (capacity === null) {
    return (
      <div className="space-y-2">
        <p className="text-3xl font-bold tabular-nums">
          {t("capacity.gauge.censusOnly", { census })}
        </p>
        <StatusBadge status={status} />
        <p className="text-sm text-slate-700">
          {status === "notApplicable" ? t("capacity.gauge.notApplicable") : t("capacity.gauge.notMeasured")}
        </p>
      </div>
    );
  }

  const scaleMax = Math.max(capacity, census, 1);
  const fill = (census / scaleMax) * 100;
  const capacityMark = (capacity / scaleMax) * 100;
  const warningMark = ((capacity * warningRatio) / scaleMax) * 100;
  const valueText = t("capacity.gauge.valueText", {
    census,
    capacity,
    percent: percent(ratio),
    status: t(`capacity.status.${status}`),
  });
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="text-3xl font-bold tabular-nums">
          {t("capacity.gauge.ofCapacity", { census, capacity })}
        </span>
        <span className="text-xl font-semibold tabular-nums">{percent(ratio)}</span>
        <StatusBadge status={status} />
      </p>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={scaleMax}
        aria-valuenow={census}
        aria-valuetext={valueText}
        className="relative h-5 w-full overflow-hidden rounded border border-slate-500 bg-slate-100"
      >
        <div className={`h-full ${style.bar}`} style={{ width: `${fill}%` }} />
        <div
          aria-hidden="true"
          className="absolute inset-y-0 border-l-2 border-dashed border-slate-800"
          style={{ left: `${warningMark}%` }}
        />
        <div aria-hidden="true" className="absolute inset-y-0 border-l-4 border-slate-900" style={{ left: `calc(${capacityMark}% - 2px)` }} />
      </div>
      <p className="text-sm text-slate-700">
        {t("capacity.gauge.marks", { warning: percent(warningRatio) })}
      </p>
      {binding ? (
        <p>
          {t("capacity.gauge.binding")}{" "}
          <strong>{t(`capacity.constraint.${binding}`)}</strong>
        </p>
      ) : null}
      {census > capacity ? (
        <p className="font-semibold text-red-800">{t("capacity.gauge.over", { over: census - capacity })}</p>
      ) : (
        <p className="text-slate-700">{t("capacity.gauge.free", { free: capacity - census })}</p>
      )}
    </div>
  );
}
