import { useId } from "react";
import { useI18n } from "~/lib/i18n";

/**
 * A schematic of the stations along the migration route, drawn as inline SVG from the
 * stations' own coordinates: no tiles and no outline data, so it works offline and prints.
 * Status is carried by a symbol and a word beside each station as well as by colour.
 */

export type RouteStationStatus = "ok" | "warning" | "saturated" | "unknown" | "notApplicable";

export interface RouteStation {
  code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  status: RouteStationStatus;
  census: number;
  capacity: number | null;
  saturationDay: string | null;
  kind: string;
}

// The same symbols as the status badge in ~/components/occupancy, so a reader learns them once.
const statusStyles: Record<RouteStationStatus, { fill: string; stroke: string; symbol: string }> = {
  ok: { fill: "#047857", stroke: "#064e3b", symbol: "✓" },
  warning: { fill: "#d97706", stroke: "#78350f", symbol: "▲" },
  saturated: { fill: "#b91c1c", stroke: "#450a0a", symbol: "■" },
  unknown: { fill: "#94a3b8", stroke: "#334155", symbol: "?" },
  notApplicable: { fill: "#ffffff", stroke: "#334155", symbol: "–" },
};

const WIDTH = 720;
const MARGIN = { top: 24, right: 24, bottom: 24, left: 24 };
const MAX_PLOT_H = 380;
const ROW_H = 84;
const MIN_R = 7;
const MAX_R = 20;
const WAREHOUSE_SIZE = 14;
const LABEL_LINE = 14;
// A rough advance width of the 12-pixel label font, enough to keep labels from overlapping.
const CHAR_W = 6.6;

interface Placed {
  station: RouteStation;
  x: number;
  y: number;
  /** Half the marker's extent: the radius of a circle, half the side of a square. */
  r: number;
  housing: boolean;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function RouteMap({
  title,
  description,
  stations,
  statusLabel,
  href,
  saturationLabel,
  unplacedLabel,
}: {
  title: string;
  description: string;
  stations: RouteStation[];
  statusLabel: (status: RouteStationStatus) => string;
  href?: (code: string) => string;
  /** The text for a projected saturation day ("full on 12 Mar"); omitted when not given. */
  saturationLabel?: (day: string) => string;
  /** A heading for the row of stations that have no coordinates. */
  unplacedLabel?: string;
}) {
  const { number } = useI18n();
  const uid = useId().replace(/[^\w-]/g, "");
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;
  const arrowId = `${uid}-arrow`;

  const isHousing = (s: RouteStation) => s.kind !== "warehouse";
  const located = stations.filter(
    (s): s is RouteStation & { latitude: number; longitude: number } =>
      s.latitude !== null && s.longitude !== null && Number.isFinite(s.latitude) && Number.isFinite(s.longitude),
  );
  const isLocated = new Set<RouteStation>(located);
  const unplaced = stations.filter((s) => !isLocated.has(s));
  const maxCapacity = Math.max(1, ...stations.map((s) => s.capacity ?? 0));
  const radius = (s: RouteStation) =>
    !isHousing(s)
      ? WAREHOUSE_SIZE / 2
      : s.capacity === null || s.capacity <= 0
        ? MIN_R
        : MIN_R + (MAX_R - MIN_R) * Math.sqrt(s.capacity / maxCapacity);

  // Equirectangular: longitude shrunk by the cosine of the middle latitude, so distances east
  // and north look alike at these latitudes; the whole keeps its aspect ratio.
  const lats = located.map((s) => s.latitude);
  const lons = located.map((s) => s.longitude);
  const midLat = lats.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : 0;
  const k = Math.cos((midLat * Math.PI) / 180);
  const px = lons.map((lon) => lon * k);
  const py = lats.map((lat) => -lat);
  const minX = px.length ? Math.min(...px) : 0;
  const minY = py.length ? Math.min(...py) : 0;
  const spanX = Math.max(px.length ? Math.max(...px) - minX : 0, 0.05);
  const spanY = Math.max(py.length ? Math.max(...py) - minY : 0, 0.05);
  const plotW = WIDTH - MARGIN.left - MARGIN.right - 2 * MAX_R;
  const scale = Math.min(plotW / spanX, MAX_PLOT_H / spanY);
  const plotH = located.length ? spanY * scale : 0;
  const offsetX = MARGIN.left + MAX_R + (plotW - spanX * scale) / 2;
  const offsetY = MARGIN.top + MAX_R;
  const mapBottom = located.length ? offsetY + plotH + MAX_R + MARGIN.bottom : 0;
  const height = Math.max(mapBottom + (unplaced.length ? ROW_H : 0), 2 * ROW_H);

  const placed: Placed[] = [
    ...located.map((station, i) => ({
      station,
      x: offsetX + ((px[i] ?? 0) - minX) * scale,
      y: offsetY + ((py[i] ?? 0) - minY) * scale,
      r: radius(station),
      housing: isHousing(station),
    })),
    ...unplaced.map((station, i) => ({
      station,
      x: MARGIN.left + MAX_R + ((i + 0.5) * (WIDTH - MARGIN.left - MARGIN.right - 2 * MAX_R)) / unplaced.length - 40,
      y: mapBottom + ROW_H / 2 + (unplacedLabel ? 8 : 0),
      r: radius(station),
      housing: isHousing(station),
    })),
  ];

  // People move from the Darién (east) towards Costa Rica (west): the route joins the housing
  // stations by descending longitude. Warehouses supply the route but are not stops on it.
  const route = placed
    .filter((p) => p.housing && isLocated.has(p.station))
    .sort((a, b) => (b.station.longitude ?? 0) - (a.station.longitude ?? 0));

  const capacityText = (s: RouteStation) => `${number(s.census)}/${s.capacity === null ? "—" : number(s.capacity)}`;
  const statusText = (s: RouteStation) => {
    const words = `${statusStyles[s.status].symbol} ${statusLabel(s.status)}`;
    return s.saturationDay && saturationLabel ? `${words} · ${saturationLabel(s.saturationDay)}` : words;
  };
  const labels = placeLabels(placed, capacityText, statusText, height);

  // Faint whole-degree lines give a sense of scale and direction without any map data.
  const graticule: { key: string; x1: number; y1: number; x2: number; y2: number }[] = [];
  if (located.length) {
    const lonMin = Math.min(...lons);
    const lonMax = Math.max(...lons);
    const latMin = Math.min(...lats);
    const latMax = Math.max(...lats);
    for (let lon = Math.ceil(lonMin); lon <= lonMax; lon++) {
      const x = offsetX + (lon * k - minX) * scale;
      graticule.push({ key: `lon${lon}`, x1: x, x2: x, y1: MARGIN.top, y2: offsetY + plotH + MAX_R });
    }
    for (let lat = Math.ceil(latMin); lat <= latMax; lat++) {
      const y = offsetY + (-lat - minY) * scale;
      graticule.push({ key: `lat${lat}`, x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y, y2: y });
    }
  }

  const linked = Boolean(href) && stations.length > 0;

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height.toFixed(0)}`}
      // An image may not hold links (its children are presentational), so a map with links
      // is a group: its stations stay reachable by keyboard and are announced by name.
      role={linked ? "group" : "img"}
      aria-labelledby={titleId}
      aria-describedby={descId}
      className="h-auto w-full"
      fontFamily="inherit"
      fontSize={12}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      <defs>
        <marker id={arrowId} viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0 0L10 5L0 10z" fill="#475569" />
        </marker>
      </defs>
      <g stroke="#e2e8f0" strokeWidth={1} aria-hidden="true">
        {graticule.map((g) => (
          <line key={g.key} x1={g.x1} x2={g.x2} y1={g.y1} y2={g.y2} />
        ))}
      </g>
      {unplaced.length && located.length ? (
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={mapBottom} y2={mapBottom} stroke="#cbd5e1" strokeDasharray="4 4" />
      ) : null}
      {unplaced.length && unplacedLabel ? (
        <text x={MARGIN.left} y={mapBottom + 16} fill="#334155">
          {unplacedLabel}
        </text>
      ) : null}
      <g data-series="route" fill="none" stroke="#475569" strokeWidth={3} strokeLinecap="round">
        {route.slice(1).map((to, i) => {
          const from = route[i];
          if (!from) return null;
          const midX = (from.x + to.x) / 2;
          const midY = (from.y + to.y) / 2;
          return (
            <path
              key={`${from.station.code}-${to.station.code}`}
              d={`M${from.x.toFixed(1)} ${from.y.toFixed(1)}L${midX.toFixed(1)} ${midY.toFixed(1)}L${to.x.toFixed(1)} ${to.y.toFixed(1)}`}
              markerMid={`url(#${arrowId})`}
            />
          );
        })}
      </g>
      {placed.map((p, i) => {
        const s = p.station;
        const style = statusStyles[s.status];
        const label = labels[i];
        const marker = p.housing ? (
          <circle
            cx={p.x}
            cy={p.y}
            r={p.r}
            fill={style.fill}
            stroke={style.stroke}
            // A station whose capacity is not known is drawn with a broken outline.
            strokeDasharray={s.capacity === null ? "3 2" : undefined}
            strokeWidth={s.status === "saturated" ? 3 : 1.5}
          />
        ) : (
          <rect
            x={p.x - p.r}
            y={p.y - p.r}
            width={2 * p.r}
            height={2 * p.r}
            fill={style.fill}
            stroke={style.stroke}
            strokeWidth={1.5}
          />
        );
        const body = (
          <>
            <title>{`${s.name} (${s.code})`}</title>
            {marker}
            {label ? (
              <text
                x={label.textX}
                y={label.textY}
                textAnchor={label.anchor}
                fill="#0f172a"
                stroke="#ffffff"
                strokeWidth={3}
                strokeLinejoin="round"
                paintOrder="stroke"
              >
                <tspan fontWeight={700}>{s.code}</tspan> <tspan>{capacityText(s)}</tspan>
                <tspan x={label.textX} dy={LABEL_LINE}>
                  {statusText(s)}
                </tspan>
              </text>
            ) : null}
          </>
        );
        return href ? (
          <a
            key={s.code}
            href={href(s.code)}
            aria-label={`${s.name} (${s.code}): ${capacityText(s)}, ${statusText(s)}`}
            data-station={s.code}
            className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
          >
            {body}
          </a>
        ) : (
          <g key={s.code} data-station={s.code}>
            {body}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Puts each station's two-line label beside its marker where it overlaps no other label or
 * marker if it can: right, left, then below and above. A dense cluster may still overlap,
 * which the table beside the map makes up for.
 */
function placeLabels(
  placed: Placed[],
  line1: (s: RouteStation) => string,
  line2: (s: RouteStation) => string,
  height: number,
): { textX: number; textY: number; anchor: "start" | "end" }[] {
  const taken: Box[] = placed.map((p) => ({ x: p.x - p.r, y: p.y - p.r, w: 2 * p.r, h: 2 * p.r }));
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  return placed.map((p, i) => {
    const w = CHAR_W * Math.max(line1(p.station).length, line2(p.station).length);
    const h = 2 * LABEL_LINE + 2;
    const gap = p.r + 4;
    const candidates: { box: Box; anchor: "start" | "end" }[] = [
      { box: { x: p.x + gap, y: p.y - h / 2, w, h }, anchor: "start" },
      { box: { x: p.x - gap - w, y: p.y - h / 2, w, h }, anchor: "end" },
      { box: { x: p.x + gap, y: p.y + p.r, w, h }, anchor: "start" },
      { box: { x: p.x - gap - w, y: p.y + p.r, w, h }, anchor: "end" },
      { box: { x: p.x + gap, y: p.y - p.r - h, w, h }, anchor: "start" },
      { box: { x: p.x - gap - w, y: p.y - p.r - h, w, h }, anchor: "end" },
    ];
    const inside = (b: Box) => b.x >= 0 && b.x + b.w <= WIDTH && b.y >= 0 && b.y + b.h <= height;
    const others = taken.filter((_, j) => j !== i);
    const choice =
      candidates.find((c) => inside(c.box) && !others.some((o) => overlaps(c.box, o))) ??
      candidates.find((c) => inside(c.box)) ??
      candidates[0]!;
    taken.push(choice.box);
    return {
      textX: choice.anchor === "start" ? choice.box.x : choice.box.x + w,
      // The first baseline sits a little below the box's top; the second line follows.
      textY: choice.box.y + LABEL_LINE - 2,
      anchor: choice.anchor,
    };
  });
}
