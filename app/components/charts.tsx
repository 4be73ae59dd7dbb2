import { useId } from "react";
import { useI18n } from "~/lib/i18n";

/**
 * Small charts drawn as inline SVG on the server: no chart library and no script (the CSP
 * forbids inline scripts; presentation attributes are fine). Every chart is an image with a
 * title; the page puts a table of the same numbers beside it for screen readers and export.
 */

export interface ChartSeries {
  id: string;
  label: string;
  /** A colour with at least 3:1 contrast on white. */
  color: string;
  values: (number | null)[];
  dashed?: boolean;
}

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A round upper bound and step for the y axis (1, 2 or 5 times a power of ten). */
export function niceScale(maxValue: number, ticks = 4): { max: number; step: number } {
  if (!(maxValue > 0)) return { max: ticks, step: 1 };
  const rough = maxValue / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const wholeStep = Math.max(1, Math.round(step));
  return { max: Math.ceil(maxValue / wholeStep) * wholeStep, step: wholeStep };
}

/**
 * One chart of daily values on a shared y axis: `bars` are drawn side by side in each day's
 * band, `lines` join each day's value (a null leaves a gap).
 */
export function DailyChart({
  title,
  days,
  bars = [],
  lines = [],
}: {
  title: string;
  days: readonly string[];
  bars?: ChartSeries[];
  lines?: ChartSeries[];
}) {
  const { number, dateTime } = useI18n();
  const titleId = useId();
  const all = [...bars, ...lines].flatMap((s) => s.values).filter((v): v is number => v !== null);
  const { max, step } = niceScale(Math.max(0, ...all));
  const n = Math.max(days.length, 1);
  const band = PLOT_W / n;
  const y = (v: number) => MARGIN.top + PLOT_H * (1 - v / max);
  const xCentre = (i: number) => MARGIN.left + i * band + band / 2;
  const barWidth = bars.length ? (band * 0.8) / bars.length : 0;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const dayLabel = (day: string) =>
    dateTime(`${day}T12:00:00Z`, { day: "numeric", month: "short", timeZone: "UTC" });

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        className="h-auto w-full"
        fontFamily="inherit"
        fontSize={12}
      >
        <title id={titleId}>{title}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} stroke="#cbd5e1" strokeWidth={1} />
            <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fill="#334155">
              {number(v)}
            </text>
          </g>
        ))}
        {days.map((day, i) =>
          (days.length - 1 - i) % 7 === 0 ? (
            <text key={day} x={xCentre(i)} y={HEIGHT - 8} textAnchor="middle" fill="#334155">
              {dayLabel(day)}
            </text>
          ) : null,
        )}
        {bars.map((series, j) => (
          <g key={series.id} fill={series.color}>
            {series.values.map((v, i) =>
              v ? (
                <rect
                  key={days[i] ?? i}
                  x={MARGIN.left + i * band + band * 0.1 + j * barWidth}
                  y={y(v)}
                  width={Math.max(barWidth - 1, 1)}
                  height={Math.max(MARGIN.top + PLOT_H - y(v), 0)}
                />
              ) : null,
            )}
          </g>
        ))}
        {lines.map((series) => (
          <path
            key={series.id}
            d={linePath(series.values, xCentre, y)}
            fill="none"
            stroke={series.color}
            strokeWidth={2.5}
            strokeDasharray={series.dashed ? "8 5" : undefined}
            strokeLinejoin="round"
          />
        ))}
        <line
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={MARGIN.top + PLOT_H}
          y2={MARGIN.top + PLOT_H}
          stroke="#334155"
          strokeWidth={1}
        />
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {bars.map((series) => (
            <li key={series.id} className="flex items-center gap-2">
              <svg width="14" height="14" aria-hidden="true">
                <rect width="14" height="14" fill={series.color} />
              </svg>
              {series.label}
            </li>
          ))}
          {lines.map((series) => (
            <li key={series.id} className="flex items-center gap-2">
              <svg width="24" height="14" aria-hidden="true">
                <line
                  x1="0"
                  x2="24"
                  y1="7"
                  y2="7"
                  stroke={series.color}
                  strokeWidth={2.5}
                  strokeDasharray={series.dashed ? "6 3" : undefined}
                />
              </svg>
              {series.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}
