import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { CoverHeatmap, coverLevel } from "~/components/planning/cover-heatmap";
import { ForecastChart } from "~/components/planning/forecast-chart";
import { OccupancyChart } from "~/components/planning/occupancy-chart";
import { RouteMap, type RouteStation } from "~/components/planning/route-map";
import { I18nContext, makeI18n } from "~/lib/i18n";

// Rendered the way the server renders a page: to markup, inside the app's i18n context.
const render = (element: ReactElement) =>
  renderToStaticMarkup(createElement(I18nContext.Provider, { value: makeI18n("en") }, element));

const count = (html: string, pattern: RegExp) => (html.match(new RegExp(pattern.source, "g")) ?? []).length;

const statusLabel = (s: RouteStation["status"]) =>
  ({ ok: "OK", warning: "Warning", saturated: "Saturated", unknown: "Unknown", notApplicable: "N/A" })[s];

// Stations along the route in Panama, from the Darién westwards, plus a warehouse and a
// station whose coordinates have not been entered yet.
const stations: RouteStation[] = [
  { code: "LBL", name: "Lajas Blancas", latitude: 8.33, longitude: -77.8, status: "saturated", census: 620, capacity: 500, saturationDay: "2025-03-04", kind: "reception" },
  { code: "SVI", name: "San Vicente", latitude: 8.37, longitude: -78.1, status: "warning", census: 430, capacity: 500, saturationDay: null, kind: "reception" },
  { code: "PGU", name: "Planes de Gualaca", latitude: 8.52, longitude: -82.25, status: "ok", census: 90, capacity: 300, saturationDay: null, kind: "transit" },
  { code: "BOD", name: "Bodega Central", latitude: 9.0, longitude: -79.5, status: "notApplicable", census: 0, capacity: null, saturationDay: null, kind: "warehouse" },
  { code: "NEW", name: "Nueva estación", latitude: null, longitude: null, status: "unknown", census: 12, capacity: null, saturationDay: null, kind: "transit" },
];

describe("RouteMap", () => {
  it("draws every station with its code, census over capacity and status in words", () => {
    const html = render(createElement(RouteMap, { title: "Route", description: "Stations on the route", stations, statusLabel }));
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="[^"]+">Route<\/title><desc id="[^"]+">Stations on the route<\/desc>/);
    for (const s of stations) expect(html).toContain(`data-station="${s.code}"`);
    expect(html).toContain(">LBL</tspan> <tspan>620/500</tspan>");
    expect(html).toContain(">NEW</tspan> <tspan>12/—</tspan>");
    expect(html).toContain("■ Saturated");
    expect(html).toContain("▲ Warning");
    expect(html).toContain("✓ OK");
    // Housing stations are circles, the warehouse a square.
    expect(count(html, /<circle /)).toBe(4);
    expect(html).toMatch(/data-station="BOD"><title>[^<]*<\/title><rect /);
  });

  it("joins the housing stations with coordinates from east to west, leaving the warehouse off the route", () => {
    const html = render(createElement(RouteMap, { title: "Route", description: "", stations, statusLabel }));
    const route = html.match(/<g data-series="route"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
    const segments = [...route.matchAll(/d="M([\d.]+) [\d.]+L[\d.]+ [\d.]+L([\d.]+) [\d.]+"/g)];
    // LBL → SVI → PGU: two segments, each heading west (leftwards on the map).
    expect(segments).toHaveLength(2);
    for (const [, fromX, toX] of segments) expect(Number(toX)).toBeLessThan(Number(fromX));
    const [first, second] = segments;
    expect(first?.[2]).toBe(second?.[1]);
  });

  it("links each station when given an address, and is then a group so the links are reachable", () => {
    const html = render(
      createElement(RouteMap, {
        title: "Route",
        description: "",
        stations,
        statusLabel,
        href: (code: string) => `/facilities/${code}`,
        saturationLabel: (day: string) => `full on ${day}`,
      }),
    );
    expect(html).toContain('role="group"');
    for (const s of stations) expect(html).toContain(`href="/facilities/${s.code}"`);
    expect(html).toContain('aria-label="Lajas Blancas (LBL): 620/500, ■ Saturated · full on 2025-03-04"');
  });

  it("renders without stations, and with no coordinates at all puts them in a row without a route", () => {
    expect(() => render(createElement(RouteMap, { title: "Route", description: "", stations: [], statusLabel }))).not.toThrow();
    const unplaced = stations.map((s) => ({ ...s, latitude: null, longitude: null }));
    const html = render(
      createElement(RouteMap, { title: "Route", description: "", stations: unplaced, statusLabel, unplacedLabel: "No coordinates" }),
    );
    for (const s of stations) expect(html).toContain(`data-station="${s.code}"`);
    expect(html).toContain("No coordinates");
    expect(html).not.toMatch(/<g data-series="route"[^>]*><path/);
    expect(html).not.toContain("NaN");
  });
});

const history = Array.from({ length: 14 }, (_, i) => ({
  day: `2025-03-${String(i + 1).padStart(2, "0")}`,
  value: [40, 52, 0, 61, 48, 55, 70, 66, 58, 49, 62, 71, 68, 59][i] ?? 0,
}));
const forecast = Array.from({ length: 7 }, (_, i) => ({
  day: `2025-03-${String(i + 15).padStart(2, "0")}`,
  mean: 60 + i,
  low: 45 + i,
  high: 78 + 2 * i,
}));
const forecastLabels = { history: "Arrivals", forecast: "Forecast", band: "80% range", today: "Today" };

describe("ForecastChart", () => {
  it("draws history bars, the band as one polygon, the mean line and the today divider", () => {
    const html = render(createElement(ForecastChart, { title: "Arrivals", description: "d", history, forecast, labels: forecastLabels }));
    expect(html).toContain('role="img"');
    // One bar per day with arrivals (a zero day has none).
    const bars = html.match(/<g data-series="history"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
    expect(count(bars, /<rect /)).toBe(13);
    const band = html.match(/<polygon data-series="band" points="([^"]+)"/)?.[1] ?? "";
    expect(band.split(" ")).toHaveLength(2 * forecast.length);
    expect(html).toContain('data-series="forecast"');
    expect(html).toContain('data-series="today"');
    expect(html).toContain(">Today<");
    // y ticks are round numbers; dates are formatted in the reader's language.
    expect(html).toMatch(/>100</);
    expect(html).toContain(">Mar 21<");
    for (const label of ["Arrivals", "Forecast", "80% range"]) expect(html).toContain(label);
  });

  it("renders with empty history, a single forecast day, or nothing at all", () => {
    const noHistory = render(createElement(ForecastChart, { title: "A", description: "", history: [], forecast, labels: forecastLabels }));
    expect(noHistory).toContain('data-series="band"');
    const oneDay = render(createElement(ForecastChart, { title: "A", description: "", history: [], forecast: forecast.slice(0, 1), labels: forecastLabels }));
    expect(oneDay.match(/<polygon data-series="band" points="([^"]+)"/)?.[1]?.split(" ")).toHaveLength(4);
    const empty = render(createElement(ForecastChart, { title: "A", description: "", history: [], forecast: [], labels: forecastLabels }));
    expect(empty).not.toContain("<polygon");
    for (const html of [noHistory, oneDay, empty]) expect(html).not.toContain("NaN");
  });
});

const occupancyDays = Array.from({ length: 14 }, (_, i) => ({
  day: `2025-03-${String(i + 15).padStart(2, "0")}`,
  census: 110 + 4 * i,
  censusHigh: 120 + 6 * i,
}));
const occupancyLabels = { census: "Census", censusHigh: "Upper edge", capacity: "Capacity", warning: "Warning", overCapacity: "Over capacity" };

describe("OccupancyChart", () => {
  it("draws the census lines, the capacity and warning lines with their values, and hatches above capacity", () => {
    const html = render(
      createElement(OccupancyChart, { title: "Occupancy", description: "d", days: occupancyDays, capacity: 150, warningRatio: 0.85, labels: occupancyLabels }),
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<g data-series="capacity"><line [^>]*stroke-width="3"/);
    expect(html).toContain(">Capacity 150<");
    // 85 % of 150 is 127.5, shown as a whole person.
    expect(html).toContain(">Warning 128<");
    expect(html).toMatch(/data-series="over-capacity"[^>]*fill="url\(#[\w-]+-hatch\)"/);
    expect(html).toContain('data-series="census"');
    expect(html).toMatch(/data-series="census-high"[^>]*stroke-dasharray="8 5"/);
    expect(html).toContain("Over capacity");
  });

  it("leaves out capacity and warning when capacity is unknown, and renders with no days", () => {
    const html = render(
      createElement(OccupancyChart, { title: "Occupancy", description: "", days: occupancyDays, capacity: null, warningRatio: 0.85, labels: occupancyLabels }),
    );
    expect(html).not.toContain('data-series="capacity"');
    expect(html).not.toContain('data-series="warning"');
    expect(html).not.toContain('data-series="over-capacity"');
    expect(html).toContain('data-series="census"');
    const empty = render(
      createElement(OccupancyChart, { title: "Occupancy", description: "", days: [], capacity: null, warningRatio: 0.85, labels: occupancyLabels }),
    );
    expect(empty).not.toContain('data-series="census"');
    for (const markup of [html, empty]) expect(markup).not.toContain("NaN");
  });
});

describe("CoverHeatmap", () => {
  const facilities = [
    { code: "LBL", name: "Lajas Blancas" },
    { code: "SVI", name: "San Vicente" },
  ];
  const items = [
    { code: "WATER", name: "Drinking water 5 L" },
    { code: "ORS", name: "Oral rehydration salts" },
  ];
  const cells = [
    { facilityCode: "LBL", itemCode: "WATER", daysOfCover: 2.5, leadTimeDays: 3 },
    { facilityCode: "SVI", itemCode: "WATER", daysOfCover: 4, leadTimeDays: 3, href: "/stock/SVI/WATER" },
    { facilityCode: "LBL", itemCode: "ORS", daysOfCover: 21, leadTimeDays: 7 },
    { facilityCode: "SVI", itemCode: "ORS", daysOfCover: null, leadTimeDays: 7 },
  ];
  const legend = { short: "Short", low: "Low", ok: "Enough", none: "No demand" };
  const format = (days: number) => `${days.toFixed(1)} d`;

  it("classifies cover against the lead time, at the boundaries too", () => {
    expect(coverLevel(2.9, 3)).toBe("short");
    expect(coverLevel(3, 3)).toBe("low");
    expect(coverLevel(5.9, 3)).toBe("low");
    expect(coverLevel(6, 3)).toBe("ok");
    expect(coverLevel(null, 3)).toBe("none");
  });

  it("writes each cell's number in the cell, marks its level, and links cells with an address", () => {
    const html = render(createElement(CoverHeatmap, { title: "Cover", description: "d", facilities, items, cells, legend, format }));
    for (const text of [">2.5 d<", ">4.0 d<", ">21.0 d<", ">—<"]) expect(html).toContain(text);
    expect(html).toContain('data-cell="WATER/LBL" data-level="short"');
    expect(html).toContain('data-cell="WATER/SVI" data-level="low"');
    expect(html).toContain('data-cell="ORS/LBL" data-level="ok"');
    expect(html).toContain('data-cell="ORS/SVI" data-level="none"');
    // Its colour is its level's class (app/tailwind.css), the same for the shade and the text.
    expect(html).toMatch(/data-cell="WATER\/LBL"[^>]*>(<title>[^<]*<\/title>)?<rect[^>]*class="cv-short"/);
    expect(html).toContain('class="cvt-low"');
    expect(html).toContain('<a href="/stock/SVI/WATER" aria-label="Drinking water 5 L · San Vicente: 4.0 d (Low)"');
    expect(html).toContain('role="group"');
    for (const label of Object.values(legend)) expect(html).toContain(label);
  });

  it("is an image without links, and renders with no data", () => {
    const plain = render(
      createElement(CoverHeatmap, { title: "Cover", description: "", facilities, items, cells: cells.map(({ href: _href, ...c }) => c), legend, format }),
    );
    expect(plain).toContain('role="img"');
    expect(plain).not.toContain("<a ");
    const empty = render(createElement(CoverHeatmap, { title: "Cover", description: "", facilities: [], items: [], cells: [], legend, format }));
    expect(empty).toContain("<title");
    expect(empty).not.toContain("NaN");
  });
});
