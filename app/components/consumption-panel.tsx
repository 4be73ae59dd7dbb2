import { Form } from "@remix-run/react";
import { useI18n } from "~/lib/i18n";
import { Button } from "~/components/ui/button";
import { MIN_CONSUMPTION_DAYS, orderBases, type DemandBasis } from "~/lib/domain/consumption";

export interface ConsumptionView {
  inputs: { days: number; issued: number; personDays: number; normQuantity: number; usable: number };
  actualPerPersonDay: number | null;
  normPerPersonDay: number | null;
  ratio: number | null;
  monthlyConsumption: number;
  monthsOfStock: number | null;
  basis: DemandBasis;
}

/** Consumption against the norm on the stock card, each figure with the formula behind it. */
export function ConsumptionPanel({
  consumption: c,
  unit,
  basisForm,
}: {
  consumption: ConsumptionView;
  unit: string;
  /** For a planner: the form that changes the basis (its idempotency key); null for everyone else. */
  basisForm?: { idempotencyKey: string } | null;
}) {
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
      <OrderBasisChoice basis={c.basis} rate={rate} form={basisForm ?? null} />
    </section>
  );
}

/** What drives this item's suggested order here, and (for a planner) the choice. */
function OrderBasisChoice({ basis, rate, form }: { basis: DemandBasis; rate: (v: number | null) => string; form: { idempotencyKey: string } | null }) {
  const { t } = useI18n();
  const used =
    basis.used === "consumption"
      ? t("consumption.basisUsedConsumption", { days: basis.windowDays, rate: rate(basis.actualPerPersonDay) })
      : basis.fallback === "fewDays"
        ? t("consumption.basisFallbackFewDays", { have: basis.daysWithPeople, days: basis.windowDays, need: MIN_CONSUMPTION_DAYS })
        : basis.fallback === "nothingIssued"
          ? t("consumption.basisFallbackNothingIssued", { days: basis.windowDays })
          : t("consumption.basisUsedNorm");
  return (
    <div className="mt-3 rounded-lg bg-white p-3 shadow" data-testid="order-basis">
      <h3 className="font-semibold">{t("consumption.basisTitle")}</h3>
      <p className="mt-1 text-sm" data-basis-used={basis.used}>
        {used}
      </p>
      {form ? (
        <Form method="post" className="mt-2 flex flex-wrap items-end gap-4">
          <input type="hidden" name="intent" value="orderBasis" />
          <input type="hidden" name="idempotencyKey" value={form.idempotencyKey} />
          <fieldset className="flex flex-wrap gap-4">
            <legend className="sr-only">{t("consumption.basisTitle")}</legend>
            {orderBases.map((b) => (
              <label key={b} className="flex items-center gap-2 text-sm">
                <input type="radio" name="basis" value={b} defaultChecked={basis.chosen === b} />
                {t(b === "norm" ? "consumption.basisNorm" : "consumption.basisConsumption")}
              </label>
            ))}
          </fieldset>
          <Button type="submit">{t("consumption.basisSave")}</Button>
        </Form>
      ) : null}
    </div>
  );
}
