import type { esForecast } from "./forecast.es";

export const enForecast: Record<keyof typeof esForecast, string> = {
  "forecast.formula.naive": "Naive forecast: what comes next is the latest value ({value} a day).",
  "forecast.formula.seasonalNaive": "Seasonal naive forecast: each day repeats the same weekday a week earlier.",
  "forecast.formula.seasonal": "Exponential smoothing with a weekly profile on log(1 + arrivals), alpha {alpha}.",
  "forecast.formula.damped": "Damped trend on log(1 + arrivals): alpha {alpha}, beta {beta}, phi {phi}.",
  "forecast.formula.ses": "Simple exponential smoothing on log(1 + arrivals), alpha {alpha}.",
  "forecast.formula.chosen":
    "Chosen among naive, the smoothers and the weekly profile by the smallest error 1–{horizon, plural, one {# day} other {# days}} ahead over {window, plural, one {the last day} other {the last # days}} (of {history}), errors weighted toward the recent past (half-life {halfLife, plural, one {# day} other {# days}}); naive is kept unless another is clearly better.",
  "forecast.formula.band":
    "{percent} % band: quantiles of the forecast's own recent errors, log((actual + 1)/(forecast + 1)), adjusted online separately above and below (a side that misses widens alone); tomorrow the upper edge is {ratio} × (forecast + 1).",
  "forecast.formula.cap":
    "The upper edge never exceeds the largest rise over the same number of days seen in {window, plural, one {the last day} other {the last # days}}, applied to the latest value.",
  "forecast.formula.capped":
    "The upper edge is capped at the largest rise over the same number of days seen in {window, plural, one {the last day} other {the last # days}}, applied to the latest value (cap applied).",
  "forecast.formula.record":
    "Track record {horizon, plural, one {# day} other {# days}} ahead: {inside14}/{origins14} outcomes inside the band over the last 14 forecasts and {inside60}/{origins60} over the last 60; MASE {mase} against the naive forecast.",
  "forecast.formula.noRecord": "No outcomes yet to measure the forecast's track record.",
  "forecast.formula.level.median": "Planned on the forecast's median (the network's planning level).",
  "forecast.formula.level.p80": "Planned on the upper edge of the 80 % band (the network's planning level).",
  "forecast.formula.level.p95": "Planned on the upper edge of the 95 % band (the network's planning level).",
  "forecast.change": "The flow changed on {date}: the forecast is less certain.",
  "forecast.changeUp": "rise",
  "forecast.changeDown": "fall",
  "forecast.level.median": "the median",
  "forecast.level.p80": "the upper edge of the 80 % band",
  "forecast.level.p95": "the upper edge of the 95 % band",
  "forecast.planningLevel": "Planning level: {level}.",
  "forecast.band": "{percent} % band",
  "forecast.record.title": "Forecast track record",
  "forecast.record.summary":
    "{horizon, plural, one {# day} other {# days}} ahead: {inside14}/{origins14} outcomes inside the band over the last 14 forecasts and {inside60}/{origins60} over the last 60; MASE {mase} against the naive forecast.",
  "forecast.record.afterChange": "After the change on {date} ({direction}): {inside}/{outcomes} outcomes inside the band.",
  "forecast.record.none": "No outcomes yet to measure the forecast's track record.",
  "norms.name.planning_level": "Planning level",
  "norms.unit.planning_level": "0.5 median · 0.8 80 % edge · 0.95 95 % edge",
  "norms.planningLevelRange": "Must be 0.5 (median), 0.8 (upper edge of the 80 % band) or 0.95 (upper edge of the 95 % band).",
  "planning.level.median":
    "Capacity and stock are planned on the median of the arrivals forecast (the network's planning level): on half the days more people will come.",
  "planning.level.p80":
    "Capacity and stock are planned on the upper edge of the 80 % arrivals band (the network's planning level): running short costs more than holding a few days' reserve.",
  "planning.level.p95":
    "Capacity and stock are planned on the upper edge of the 95 % arrivals band (the network's planning level): more reserve, in exchange for almost never running short.",
  "forecast.chartDescription": "Daily arrivals over the last 8 weeks and the forecast with its {percent} % band.",
  "report.basisLevel.median": "{horizon}-day projections on the median of the arrivals forecast.",
  "report.basisLevel.p80": "{horizon}-day projections on the upper edge of the 80 % arrivals band.",
  "report.basisLevel.p95": "{horizon}-day projections on the upper edge of the 95 % arrivals band.",
  "forecast.facility.title": "Entries forecast",
  "forecast.facility.next7": "Next 7 days: {mean} entries expected; planned on {plan} ({level}).",
};
