import { useId } from "react";
import { niceScale } from "~/components/charts";
import { useI18n } from "~/lib/i18n";

/**
 * A facility's projected census against its capacity: the mean projection as a solid line,
 * its upper edge dashed, capacity and the warning level as labelled horizontal lines, and
 * the space above capacity hatched (hatching survives grey printing and colour blindness).
 */

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 12, bottom: 28, left: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
const X_TICKS = 6;

// The same census and capacity colours as the facility history chart.
const colours = {
  census: "#1e293b", // slate-800
  censusHigh: "#1d4ed8", // blue-700
  capacity: "#b91c1c", // red-700
  warning: "#b45309", // amber-700
  axis: "#334155",
  grid: "#cbd5e1",
};

export function OccupancyChart({
  title,
  description,
  days,
  capacity,
  warningRatio,
  labels,
}: {
  title: string;
  description: string;
  days: { day: string; census: number; censusHigh: number }[];
  capacity: number | null;
  warningRatio: number;
  /** `overCapacity` names the hatched area in the legend when given. */
  labels: { census: string; censusHigh: string; capacity: string; warning: string; overCapacity?: string };
}) {
  const { number, day } = useI18n();
  const uid = useId().replace(/[^\w-]/g, "");
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;
  const hatchId = `${uid}-hatch`;

  const hasCapacity = capacity !== null && capacity > 0;
  const warningLevel = hasCapacity ? capacity * warningRatio : null;
  const values = days.flatMap((d) => [d.census, d.censusHigh]).filter(Number.isFinite);
  // Headroom above capacity so the hatched area shows even when the projection stays below it.
  const { max, step } = niceScale(Math.max(0, ...values, hasCapacity ? capacity * 1.1 : 0));
  const y = (v: number) => MARGIN.top + PLOT_H * (1 - Math.max(0, Math.min(v, max)) / max);
  const n = Math.max(days.length, 1);
  const band = PLOT_W / n;
  const xCentre = (i: number) => MARGIN.left + i * band + band / 2;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const tickEvery = Math.max(1, Math.ceil(days.length / X_TICKS));
  const right = WIDTH - MARGIN.right;

  const path = (value: (d: (typeof days)[number]) => number) => {
    // One day alone is drawn across most of its slot, so it is still a visible line.
    const points =
      days.length === 1 && days[0]
        ? [
            [xCentre(0) - band * 0.4, value(days[0])],
            [xCentre(0) + band * 0.4, value(days[0])],
          ]
        : days.map((d, i) => [xCentre(i), value(d)]);
    return points.map(([x, v], i) => `${i ? "L" : "M"}${(x ?? 0).toFixed(1)} ${y(v ?? 0).toFixed(1)}`).join("");
  };

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        className="h-auto w-full"
        fontFamily="inherit"
        fontSize={12}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        <defs>
          <pattern id={hatchId} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#fef2f2" />
            <line x1="0" x2="0" y1="0" y2="8" stroke={colours.capacity} strokeWidth={1.5} strokeOpacity={0.45} />
          </pattern>
        </defs>
        {hasCapacity ? (
          <rect
            data-series="over-capacity"
            x={MARGIN.left}
            y={MARGIN.top}
            width={PLOT_W}
            height={Math.max(y(capacity) - MARGIN.top, 0)}
            fill={`url(#${hatchId})`}
          />
        ) : null}
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={right} y1={y(v)} y2={y(v)} stroke={colours.grid} strokeWidth={1} />
            <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fill={colours.axis}>
              {number(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          (days.length - 1 - i) % tickEvery === 0 ? (
            <text key={d.day} x={xCentre(i)} y={HEIGHT - 8} textAnchor="middle" fill={colours.axis}>
              {day(d.day, { day: "numeric", month: "short" })}
            </text>
          ) : null,
        )}
        {warningLevel !== null ? (
          <g data-series="warning">
            <line x1={MARGIN.left} x2={right} y1={y(warningLevel)} y2={y(warningLevel)} stroke={colours.warning} strokeWidth={2} strokeDasharray="10 4 2 4" />
            {/* At the start, where a rising projection is least likely to cross it, and below its
                line, so it never meets the capacity label above the capacity line. */}
            <text x={MARGIN.left + 6} y={y(warningLevel) + 14} fill={colours.warning} stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
              {`${labels.warning} ${number(Math.round(warningLevel))}`}
            </text>
          </g>
        ) : null}
        {hasCapacity ? (
          <g data-series="capacity">
            <line x1={MARGIN.left} x2={right} y1={y(capacity)} y2={y(capacity)} stroke={colours.capacity} strokeWidth={3} />
            <text x={MARGIN.left + 6} y={y(capacity) - 6} fill={colours.capacity} stroke="#ffffff" strokeWidth={3} paintOrder="stroke" fontWeight={700}>
              {`${labels.capacity} ${number(capacity)}`}
            </text>
          </g>
        ) : null}
        {days.length ? (
          <>
            <path
              data-series="census-high"
              d={path((d) => d.censusHigh)}
              fill="none"
              stroke={colours.censusHigh}
              strokeWidth={2}
              strokeDasharray="8 5"
              strokeLinejoin="round"
            />
            <path
              data-series="census"
              d={path((d) => d.census)}
              fill="none"
              stroke={colours.census}
              strokeWidth={2.5}
              strokeLinejoin="round"
            />
          </>
        ) : null}
        <line x1={MARGIN.left} x2={right} y1={MARGIN.top + PLOT_H} y2={MARGIN.top + PLOT_H} stroke={colours.axis} strokeWidth={1} />
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          <LegendLine colour={colours.census} width={2.5} label={labels.census} />
          <LegendLine colour={colours.censusHigh} width={2} dash="6 3" label={labels.censusHigh} />
          {hasCapacity ? (
            <>
              <LegendLine colour={colours.capacity} width={3} label={labels.capacity} />
              <LegendLine colour={colours.warning} width={2} dash="7 3 2 3" label={labels.warning} />
              {labels.overCapacity ? (
                <li className="flex items-center gap-2">
                  <svg width="24" height="14" aria-hidden="true">
                    <rect x="0.5" y="0.5" width="23" height="13" fill={`url(#${hatchId})`} stroke={colours.capacity} />
                  </svg>
                  {labels.overCapacity}
                </li>
              ) : null}
            </>
          ) : null}
        </ul>
      </figcaption>
    </figure>
  );
}

function LegendLine({ colour, width, dash, label }: { colour: string; width: number; dash?: string; label: string }) {
  return (
    <li className="flex items-center gap-2">
      <svg width="24" height="14" aria-hidden="true">
        <line x1="0" x2="24" y1="7" y2="7" stroke={colour} strokeWidth={width} strokeDasharray={dash} />
      </svg>
      {label}
    </li>
  );
}
