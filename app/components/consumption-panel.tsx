import { useI18n } from "~/lib/i18n";

export interface ConsumptionView {
  inputs: { days: number; issued: number; personDays: number; normQuantity: number; usable: number };
  actualPerPersonDay: number | null;
  normPerPersonDay: number | null;
  ratio: number | null;
  monthlyConsumption: number;
  monthsOfStock: number | null;
}

/** Consumption against the norm on the stock card, each figure with the formula behind it. */
export function ConsumptionPanel({ consumption: c, unit }: { consumption: ConsumptionView; unit: string }) {
  const { t, number } = useI18n();
  const rate = (v: number | null) => (v === null ? "—" : `${number(v, { maximumSignificantDigits: 3 })} ${unit}`);
  const rows: [string, string, string][] = [
    [t("consumption.issued"), `${number(c.inputs.issued)} ${unit}`, t("consumption.issuedWhy", { days: c.inputs.days })],
    [t("consumption.personDays"), number(c.inputs.personDays), t("consumption.personDaysWhy", { days: c.inputs.days })],
    [t("consumption.actual"), rate(c.actualPerPersonDay), t("consumption.actualWhy")],
    [t("consumption.norm"), rate(c.normPerPersonDay), t("consumption.normWhy", { quantity: number(Math.round(c.inputs.normQuantity)), unit })],
    [t("consumption.ratio"), c.ratio === null ? "—" : number(c.ratio, { style: "percent", maximumFractionDigits: 0 }), t("consumption.ratioWhy")],
    [t("consumption.amc"), `${number(Math.round(c.monthlyConsumption))} ${unit}`, t("consumption.amcWhy", { days: c.inputs.days })],
    [t("consumption.months"), c.monthsOfStock === null ? "—" : number(c.monthsOfStock, { maximumFractionDigits: 1 }), t("consumption.monthsWhy", { usable: number(c.inputs.usable), unit })],
  ];
  return (
    <section aria-labelledby="consumption" className="mt-6">
      <h2 id="consumption" className="text-xl font-semibold">
        {t("consumption.title", { days: c.inputs.days })}
      </h2>
      <dl className="mt-2 divide-y divide-slate-200 rounded-lg bg-white shadow" data-testid="consumption">
        {rows.map(([label, value, why]) => (
          <div key={label} className="grid gap-1 px-3 py-2 sm:grid-cols-3">
            <dt className="text-sm font-medium">{label}</dt>
            <dd className="font-semibold tabular-nums">{value}</dd>
            <dd className="text-sm text-slate-600">{why}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
