import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listFacilityOptions } from "#db/facilities.server";
import { getScenario } from "#db/planning.server";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { PlanFreshness } from "~/components/planning/plan-freshness";
import { PlanNotes } from "~/components/planning/sections";
import { notFound, requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { editScenario } from "~/lib/commands/scenarios.server";
import { getDb } from "~/lib/db.server";
import { MAX_SCENARIO_CHANGES, scenarioChangeSchema, type ScenarioChange } from "~/lib/domain/scenario";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { readScenarioComparison } from "~/lib/plan-store.server";
import { changeSchemas, codesOf, isChangeIntent, scenarioRenameSchema, toScenarioChange, type ChangeIntent } from "~/lib/schemas/planning";
import { redirectWithFlash } from "~/lib/session.server";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";

function scenarioId(raw: string | undefined): number {
  return idOf(raw) ?? notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "planning:view");
  const db = getDb();
  const scenario = await getScenario(db, scenarioId(params.id));
  if (!scenario) notFound();
  // The same inputs under both: the comparison differs only by the scenario's changes.
  const [comparison, facilities] = await Promise.all([readScenarioComparison(db, scenario), listFacilityOptions(db)]);
  const { plan: baseline, tables: before, context: inputs } = comparison.baseline;
  const { plan: planned, tables: after, freshness } = comparison.scenario;
  const saturation = baseline.facilities
    .filter((f) => f.housesPeople)
    .map((f) => {
      const s = planned.facilities.find((x) => x.code === f.code)!;
      return {
        code: f.code,
        name: f.name,
        baseline: f.projection?.saturationDay ?? null,
        scenario: s.projection?.saturationDay ?? null,
        peakBaseline: Math.round(f.projection?.peakCensusHigh ?? f.census),
        peakScenario: Math.round(s.projection?.peakCensusHigh ?? s.census),
        capacity: f.capacity,
      };
    });
  const stock = before.cover
    .map((b) => {
      const a = after.cover.find((x) => x.facilityCode === b.facilityCode && x.itemCode === b.itemCode);
      return {
        facilityCode: b.facilityCode,
        itemCode: b.itemCode,
        stockOutBaseline: b.stockOutDay,
        stockOutScenario: a?.stockOutDay ?? null,
        orderBaseline: b.orderQuantity,
        orderScenario: a?.orderQuantity ?? 0,
      };
    })
    .filter((r) => r.orderBaseline !== r.orderScenario || r.stockOutBaseline !== r.stockOutScenario);
  return {
    freshness,
    today: inputs.today,
    horizon: baseline.horizon,
    canEdit: can(user.role, "planning:scenarios") && !scenario.archived,
    scenario: { id: scenario.id, name: scenario.name, description: scenario.description, archived: scenario.archived, changes: scenario.changes },
    notes: planned.scenarioNotes,
    facilities: facilities.map(({ code, name }) => ({ code, name })),
    items: inputs.items.map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn })),
    saturation,
    stock,
    alerts: { baseline: baseline.alerts.length, scenario: planned.alerts.length },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "planning:scenarios");
  const db = getDb();
  const scenario = await getScenario(db, scenarioId(params.id));
  if (!scenario || scenario.archived) notFound();
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const actor = formActor(user, context);
  const back = `/planning/scenarios/${scenario.id}`;

  if (intent === "rename") {
    const submission = parseWithZod(formData, { schema: scenarioRenameSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    await editScenario(db, actor, scenario, { kind: "rename", name: submission.value.name, description: submission.value.description });
    return redirectWithFlash(back, { kind: "success", message: "planning.scenario.saved" });
  }
  if (intent === "archive") {
    await editScenario(db, actor, scenario, { kind: "archive" });
    return redirectWithFlash("/planning/scenarios", { kind: "success", message: "planning.scenario.archived", params: { name: scenario.name } });
  }
  if (intent === "remove-change") {
    const index = Number(formData.get("index"));
    if (!Number.isInteger(index) || index < 0 || index >= scenario.changes.length) {
      return data({ intent, result: { status: "error", error: { "": ["validation.choice"] } } as SubmissionResult<string[]> }, { status: 400 });
    }
    await editScenario(db, actor, scenario, { kind: "remove-change", index });
    return redirectWithFlash(back, { kind: "success", message: "planning.scenario.saved" });
  }
  if (isChangeIntent(intent)) {
    const schema = changeSchemas[intent];
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    if (scenario.changes.length >= MAX_SCENARIO_CHANGES) {
      return data({ intent, result: submission.reply({ formErrors: ["planning.form.tooManyChanges"] }) }, { status: 400 });
    }
    const change = toScenarioChange(submission.value);
    const known = new Set((await listFacilityOptions(db)).map((f) => f.code));
    const unknown = codesOf(change).filter((c) => !known.has(c.code));
    if (unknown.length) {
      const fieldErrors = Object.fromEntries(unknown.map((c) => [c.field, ["validation.choice"]]));
      return data({ intent, result: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    // The domain's own schema is the last word on what a change may be.
    const checked = scenarioChangeSchema.safeParse(change);
    if (!checked.success) return data({ intent, result: submission.reply({ formErrors: ["validation.formInvalid"] }) }, { status: 400 });
    await editScenario(db, actor, scenario, { kind: "add-change", change });
    return redirectWithFlash(back, { kind: "success", message: "planning.scenario.saved" });
  }
  return data({ intent: "unknown", result: { status: "error", error: { "": ["validation.choice"] } } as SubmissionResult<string[]> }, { status: 400 });
}

function ChangeForm({ intent, today, facilities }: { intent: ChangeIntent; today: string; facilities: { code: string; name: string }[] }) {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const schema = changeSchemas[intent];
  const [form, fields] = useForm({
    id: intent,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
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

export default function ScenarioPage() {
  const { scenario, notes, facilities, saturation, stock, today, horizon, canEdit, items, alerts, freshness } = useLoaderData<typeof loader>();
  const { t, day, number, locale } = useI18n();
  const itemName = (code: string) => {
    const item = items.find((i) => i.code === code);
    return item ? (locale === "es" ? item.nameEs : item.nameEn) : code;
  };
  const when = (d: string | null) => (d ? day(d) : t("planning.card.notWithin", { days: horizon }));
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
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{scenario.name}</h1>
        {scenario.description ? <p className="text-slate-700">{scenario.description}</p> : null}
        <PlanFreshness freshness={freshness} className="mt-2" />
        <p className="text-sm">
          <Link to="/planning/scenarios" className="text-brand-700 underline">
            {t("planning.scenarios.title")}
          </Link>{" "}
          ·{" "}
          <Link to={`/planning?scenario=${scenario.id}`} className="text-brand-700 underline">
            {t("planning.scenario.onDashboard")}
          </Link>
        </p>
      </div>

      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading" className="text-xl font-bold">
          {t("planning.scenario.changes")}
        </h2>
        {scenario.changes.length === 0 ? (
          <p className="text-slate-700">{t("planning.scenario.noChanges")}</p>
        ) : (
          <ol className="mt-2 list-decimal space-y-1 pl-6" data-testid="changes">
            {scenario.changes.map((c, i) => (
              <li key={i}>
                {describe(c)}{" "}
                {canEdit ? (
                  <Form method="post" className="inline">
                    <input type="hidden" name="index" value={i} />
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

      {canEdit ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading" className="text-xl font-bold">
            {t("planning.scenario.addChange")}
          </h2>
          <div className="mt-2 grid gap-4 md:grid-cols-2">
            {(["add-surge", "add-closure", "add-divert", "add-scale"] as const).map((intent) => (
              <ChangeForm key={intent} intent={intent} today={today} facilities={facilities} />
            ))}
          </div>
          <Form method="post" className="mt-6">
            <button type="submit" name="intent" value="archive" className="rounded border border-red-800 px-3 py-2 text-red-800">
              {t("planning.scenario.archive")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "planning.scenario.title", data ? { name: data.scenario.name } : undefined);

export { ErrorBoundary } from "~/components/route-error-boundary";
