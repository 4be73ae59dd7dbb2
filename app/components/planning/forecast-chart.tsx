import { useId } from "react";
import { niceScale } from "~/components/charts";
import { useI18n } from "~/lib/i18n";

/**
 * Daily history as bars and the forecast after it as a dashed mean line inside a shaded band,
 * split by a "today" line. Inline SVG like ~/components/charts: no library, no script; the page
 * puts the same numbers in a table beside it.
 */

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { top: 20, right: 12, bottom: 28, left: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
const X_TICKS = 6;

// Each at least 3:1 against white; history and forecast differ in form (bars, dashed line)
// as well as hue, and blue against slate stays apart for colour-blind readers and in grey print.
const colours = {
  history: "#475569", // slate-600
  forecast: "#1d4ed8", // blue-700
  band: "#93c5fd", // blue-300, drawn translucent with a blue-700 edge
  axis: "#334155",
  grid: "#cbd5e1",
};

export interface ForecastDay {
  day: string;
  mean: number;
  low: number;
  high: number;
}

export function ForecastChart({
  title,
  description,
  history,
  forecast,
  labels,
}: {
  title: string;
  description: string;
  history: { day: string; value: number }[];
  forecast: ForecastDay[];
  /** `today` labels the divider between history and forecast when given. */
  labels: { history: string; forecast: string; band: string; today?: string };
}) {
  const { number, day } = useI18n();
  const uid = useId().replace(/[^\w-]/g, "");
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;

  // One slot per calendar day; a forecast day that repeats a history day shares its slot.
  const days = [...new Set([...history.map((h) => h.day), ...forecast.map((f) => f.day)])].sort();
  const slot = new Map(days.map((d, i) => [d, i]));
  const n = Math.max(days.length, 1);
  const band = PLOT_W / n;
  const all = [...history.map((h) => h.value), ...forecast.flatMap((f) => [f.mean, f.high, f.low])].filter(Number.isFinite);
  const { max, step } = niceScale(Math.max(0, ...all));
  const y = (v: number) => MARGIN.top + PLOT_H * (1 - Math.max(0, Math.min(v, max)) / max);
  const xCentre = (i: number) => MARGIN.left + i * band + band / 2;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const tickEvery = Math.max(1, Math.ceil(days.length / X_TICKS));
  const dayLabel = (d: string) => day(d, { day: "numeric", month: "short" });

  const forecastPoints = forecast
    .map((f) => ({ ...f, i: slot.get(f.day) ?? 0 }))
    .sort((a, b) => a.i - b.i);
  // A single forecast day still gets a visible band and line: as wide as most of its slot.
  const bandXs = (i: number): number[] =>
    forecastPoints.length === 1 ? [xCentre(i) - band * 0.4, xCentre(i) + band * 0.4] : [xCentre(i)];
  const upper = forecastPoints.flatMap((f) => bandXs(f.i).map((x) => `${x.toFixed(1)},${y(f.high).toFixed(1)}`));
  const lower = forecastPoints
    .flatMap((f) => bandXs(f.i).map((x) => `${x.toFixed(1)},${y(f.low).toFixed(1)}`))
    .reverse();
  const meanPath = forecastPoints
    .flatMap((f) => bandXs(f.i).map((x) => `${x.toFixed(1)} ${y(f.mean).toFixed(1)}`))
    .map((p, i) => `${i ? "L" : "M"}${p}`)
    .join("");

  // "Today" is the edge between the last observed day and the first forecast day.
  const lastHistory = history.length ? Math.max(...history.map((h) => slot.get(h.day) ?? 0)) : -1;
  const firstForecast = forecastPoints[0]?.i;
  const todayX =
    forecastPoints.length && firstForecast !== undefined
      ? MARGIN.left + Math.max(lastHistory + 1, firstForecast) * band
      : null;

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
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} stroke={colours.grid} strokeWidth={1} />
            <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fill={colours.axis}>
              {number(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          (days.length - 1 - i) % tickEvery === 0 ? (
            <text key={d} x={xCentre(i)} y={HEIGHT - 8} textAnchor="middle" fill={colours.axis}>
              {dayLabel(d)}
            </text>
          ) : null,
        )}
        <g data-series="history" fill={colours.history}>
          {history.map((h) =>
            h.value > 0 ? (
              <rect
                key={h.day}
                x={MARGIN.left + (slot.get(h.day) ?? 0) * band + band * 0.1}
                y={y(h.value)}
                width={Math.max(band * 0.8 - 1, 1)}
                height={Math.max(MARGIN.top + PLOT_H - y(h.value), 0)}
              />
            ) : null,
          )}
        </g>
        {forecastPoints.length ? (
          <polygon
            data-series="band"
            points={[...upper, ...lower].join(" ")}
            fill={colours.band}
            fillOpacity={0.45}
            stroke={colours.forecast}
            strokeWidth={1}
            strokeOpacity={0.6}
          />
        ) : null}
        {forecastPoints.length ? (
          <path
            data-series="forecast"
            d={meanPath}
            fill="none"
            stroke={colours.forecast}
            strokeWidth={2.5}
            strokeDasharray="8 5"
            strokeLinejoin="round"
          />
        ) : null}
        {todayX !== null ? (
          <g data-series="today">
            <line x1={todayX} x2={todayX} y1={MARGIN.top - 6} y2={MARGIN.top + PLOT_H} stroke={colours.axis} strokeWidth={1.5} strokeDasharray="2 3" />
            {labels.today ? (
              <text x={todayX + 4} y={MARGIN.top - 8} fill={colours.axis}>
                {labels.today}
              </text>
            ) : null}
          </g>
        ) : null}
        <line
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={MARGIN.top + PLOT_H}
          y2={MARGIN.top + PLOT_H}
          stroke={colours.axis}
          strokeWidth={1}
        />
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          <li className="flex items-center gap-2">
            <svg width="14" height="14" aria-hidden="true">
              <rect width="14" height="14" fill={colours.history} />
            </svg>
            {labels.history}
          </li>
          <li className="flex items-center gap-2">
            <svg width="24" height="14" aria-hidden="true">
              <line x1="0" x2="24" y1="7" y2="7" stroke={colours.forecast} strokeWidth={2.5} strokeDasharray="6 3" />
            </svg>
            {labels.forecast}
          </li>
          <li className="flex items-center gap-2">
            <svg width="24" height="14" aria-hidden="true">
              <rect
                x="0.5"
                y="0.5"
                width="23"
                height="13"
                fill={colours.band}
                fillOpacity={0.45}
                stroke={colours.forecast}
                strokeOpacity={0.6}
              />
            </svg>
            {labels.band}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
