// The scenario page (decision 012): its list of changes, the comparison with the baseline, and
// the forms that add a change. Every form posts an idempotency key, so a form sent twice (Back
// and resubmit without JavaScript) changes the scenario once.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { SerializeFrom } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import type { ScenarioChange } from "~/lib/domain/scenario";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import type { ScenarioComparison } from "~/lib/plan-views.server";
import { changeSchemas, type ChangeIntent } from "~/lib/schemas/planning";
import { PlanNotes } from "./sections";

type Comparison = SerializeFrom<ScenarioComparison>;
type Facility = { code: string; name: string };

/**
 * The key a form posts: the page's (new on every load) and the form's name, so two forms of one
 * page never share a key, and the same form sent again does.
 */
export function formKey(pageKey: string, intent: string, index?: number): string {
  return index === undefined ? `${pageKey}.${intent}` : `${pageKey}.${intent}.${index}`;
}

export function ScenarioChanges({
  changes,
  notes,
  facilities,
  canEdit,
  pageKey,
}: {
  changes: ScenarioChange[];
  notes: Comparison["notes"];
  facilities: Facility[];
  canEdit: boolean;
  pageKey: string;
}) {
  const { t, day, number } = useI18n();
const describe = (c: ScenarioChange) => {
  const until = "days" in c && c.days ? t("planning.change.forDays", { days: c.days }) : t("planning.change.untilEnd");
  const where = (code: string | null) => (code ? (facilities.find((f) => f.code === code)?.name ?? code) : t("planning.change.network"));
  switch (c.kind) {
    case "surge":
      return t("planning.change.surge", { perDay: c.perDay, where: where(c.facilityCode), from: day(c.from), until });
    case "closure":
      return t("planning.change.closure", { where: where(c.facilityCode), from: day(c.from), until });
    case "divert":
      return t("planning.change.divert", { share: number(c.share, { style: "percent", maximumFractionDigits: 1 }), where: where(c.toFacilityCode), from: day(c.from), until });
    case "scale":
      return t("planning.change.scale", { factor: number(c.factor), where: where(c.facilityCode), from: day(c.from), until });
  }
};
  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="text-xl font-bold">
        {t("planning.scenario.changes")}
      </h2>
      {changes.length === 0 ? (
        <p className="text-slate-700">{t("planning.scenario.noChanges")}</p>
      ) : (
        <ol className="mt-2 list-decimal space-y-1 pl-6" data-testid="changes">
          {changes.map((c, i) => (
            <li key={i}>
              {describe(c)}{" "}
              {canEdit ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="index" value={i} />
                  <input type="hidden" name="idempotencyKey" value={formKey(pageKey, "remove-change", i)} />
                  <button type="submit" name="intent" value="remove-change" className="text-sm text-red-800 underline">
                    {t("planning.scenario.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <PlanNotes notes={notes} />
    </section>
  );
}

export function ScenarioComparisonTables({ data }: { data: Pick<Comparison, "saturation" | "stock" | "alerts" | "items" | "horizon"> }) {
  const { saturation, stock, alerts, items, horizon } = data;
  const { t, day, number, locale } = useI18n();
  const itemName = (code: string) => {
    const item = items.find((i) => i.code === code);
    return item ? (locale === "es" ? item.nameEs : item.nameEn) : code;
  };
  const when = (d: string | null) => (d ? day(d) : t("planning.card.notWithin", { days: horizon }));
  return (
    <section aria-labelledby="compare-heading" className="rounded-lg bg-white p-4 shadow">
      <h2 id="compare-heading" className="text-xl font-bold">
        {t("planning.compare.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("planning.compare.alerts", { baseline: alerts.baseline, scenario: alerts.scenario })}</p>
      <table className="mt-2 w-full text-left text-sm" data-testid="compare-saturation">
        <caption className="text-left font-semibold">{t("planning.compare.saturation")}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-2 py-1">{t("planning.table.facility")}</th>
            <th scope="col" className="px-2 py-1">{t("planning.compare.baseline")}</th>
            <th scope="col" className="px-2 py-1">{t("planning.compare.scenario")}</th>
            <th scope="col" className="px-2 py-1 text-right">{t("planning.compare.peak")}</th>
            <th scope="col" className="px-2 py-1 text-right">{t("planning.occupancy.capacity")}</th>
          </tr>
        </thead>
        <tbody>
          {saturation.map((s) => (
            <tr key={s.code} className="border-t border-slate-200" data-facility={s.code} data-baseline={s.baseline ?? ""} data-scenario={s.scenario ?? ""}>
              <th scope="row" className="px-2 py-1 font-normal">{s.name}</th>
              <td className="px-2 py-1">{when(s.baseline)}</td>
              <td className="px-2 py-1 font-semibold">{when(s.scenario)}</td>
              <td className="px-2 py-1 text-right tabular-nums">
                {number(s.peakBaseline)} → {number(s.peakScenario)}
              </td>
              <td className="px-2 py-1 text-right tabular-nums">{s.capacity === null ? "—" : number(s.capacity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="mt-6 w-full text-left text-sm" data-testid="compare-stock">
        <caption className="text-left font-semibold">{t("planning.compare.stock")}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-2 py-1">{t("planning.table.facility")}</th>
            <th scope="col" className="px-2 py-1">{t("planning.table.item")}</th>
            <th scope="col" className="px-2 py-1">{t("planning.compare.stockOut")}</th>
            <th scope="col" className="px-2 py-1 text-right">{t("planning.compare.order")}</th>
          </tr>
        </thead>
        <tbody>
          {stock.length === 0 ? (
            <tr>
              <td colSpan={4} className="px-2 py-1 text-slate-700">{t("planning.compare.noStockChange")}</td>
            </tr>
          ) : (
            stock.map((r) => (
              <tr
                key={`${r.facilityCode}-${r.itemCode}`}
                className="border-t border-slate-200"
                data-facility={r.facilityCode}
                data-item={r.itemCode}
                data-order-baseline={r.orderBaseline}
                data-order-scenario={r.orderScenario}
              >
                <td className="px-2 py-1">{r.facilityCode}</td>
                <th scope="row" className="px-2 py-1 font-normal">{itemName(r.itemCode)}</th>
                <td className="px-2 py-1">
                  {r.stockOutBaseline ? day(r.stockOutBaseline) : "—"} → {r.stockOutScenario ? day(r.stockOutScenario) : "—"}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {number(r.orderBaseline)} → {number(r.orderScenario)}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

/** One form per kind of change; its key is the page's, named for the form (see formKey). */
export function ChangeForm({ intent, today, facilities, pageKey }: { intent: ChangeIntent; today: string; facilities: Facility[]; pageKey: string }) {
  const actionData = useActionData();
  const { t } = useI18n();
  const schema = changeSchemas[intent];
  const [form, fields] = useForm({
    id: intent,
    lastResult: resultFor(actionData, intent),
    defaultValue: { from: today },
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const f = fields as Record<string, (typeof fields)[keyof typeof fields]>;
  const options = (network: boolean) => [
    ...(network ? [{ value: "", label: t("planning.form.network") }] : []),
    ...facilities.map((x) => ({ value: x.code, label: `${x.name} (${x.code})` })),
  ];
  const titleKey = {
    "add-surge": "planning.form.surge",
    "add-closure": "planning.form.closure",
    "add-divert": "planning.form.divert",
    "add-scale": "planning.form.scale",
  } as const;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2 rounded-lg bg-white p-4 shadow" aria-labelledby={`${intent}-title`}>
      <h3 id={`${intent}-title`} className="font-semibold">
        {t(titleKey[intent])}
      </h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={formKey(pageKey, intent)} />
      {intent === "add-surge" ? (
        <>
          <TextField meta={f.perDay!} label={t("planning.form.perDay")} type="number" inputMode="numeric" />
          <SelectField meta={f.facilityCode!} label={t("planning.form.where")} options={options(true)} />
        </>
      ) : null}
      {intent === "add-closure" ? <SelectField meta={f.facilityCode!} label={t("planning.form.facility")} options={options(false)} /> : null}
      {intent === "add-divert" ? (
        <>
          <TextField meta={f.sharePercent!} label={t("planning.form.sharePercent")} type="number" inputMode="decimal" step="any" />
          <SelectField meta={f.toFacilityCode!} label={t("planning.form.to")} options={options(false)} />
        </>
      ) : null}
      {intent === "add-scale" ? (
        <>
          <TextField meta={f.factor!} label={t("planning.form.factor")} type="number" inputMode="decimal" step="any" />
          <SelectField meta={f.facilityCode!} label={t("planning.form.where")} options={options(true)} />
        </>
      ) : null}
      <TextField meta={f.from!} label={t("planning.form.from")} type="date" />
      <TextField
        meta={f.days!}
        label={t("planning.form.days")}
        type="number"
        inputMode="numeric"
        hint={intent === "add-surge" ? undefined : t("planning.form.daysOpen")}
      />
      <SubmitButton intent={intent} pending={t("planning.saving")}>
        {t("planning.form.add")}
      </SubmitButton>
    </Form>
  );
}
