import type { esConsumption } from "./consumption.es";

export const enConsumption: Record<keyof typeof esConsumption, string> = {
  "consumption.title": "Consumption against the norm ({days, plural, one {last day} other {last # days}})",
  "consumption.issued": "Issued",
  "consumption.issuedWhy": "Distributions and doses of the {days, plural, one {last day} other {last # days}} (shipments and write-offs do not count).",
  "consumption.personDays": "Person-days",
  "consumption.personDaysWhy": "The end-of-day census summed over the {days, plural, one {last day} other {last # days}}.",
  "consumption.actual": "Actual per person per day",
  "consumption.actualWhy": "Issued ÷ person-days.",
  "consumption.norm": "Norm per person per day",
  "consumption.normWhy": "What the norms ask for each day's census by group ({quantity} {unit} in all) ÷ person-days.",
  "consumption.ratio": "Actual against the norm",
  "consumption.ratioWhy": "Actual ÷ norm (100 % = exactly the norm).",
  "consumption.amc": "Average monthly consumption (AMC)",
  "consumption.amcWhy": "Issued ÷ {days, plural, one {# day} other {# days}} × 30.44 days a month.",
  "consumption.months": "Months of stock",
  "consumption.monthsWhy": "Usable stock ({usable} {unit}) ÷ AMC.",
};
