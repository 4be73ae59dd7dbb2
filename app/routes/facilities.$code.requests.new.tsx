import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { listItems } from "#db/catalogue.server";
import { listWarehouses } from "#db/requests.server";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { raiseRequest } from "~/lib/commands/requests.server";
import { getDb } from "~/lib/db.server";
import { renderWhy } from "~/lib/i18n/why-render";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/form-data.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requestPlan } from "~/lib/requests.server";
import { MAX_REQUEST_LINES, REQUEST_FORM_ROWS, requestCreateSchema, requestedLines } from "~/lib/schemas/requests";
import { redirectWithFlash } from "~/lib/session.server";
import { addDays, zonedDay } from "~/lib/time";
import { PageHeader } from "~/components/ui/page-header";
import { useSchemaForm } from "~/lib/use-schema-form";


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "request:raise");
  const db = getDb();
  const today = zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
  const [catalogue, warehouses, plan] = await Promise.all([listItems(db), listWarehouses(db), requestPlan(db, facility.code)]);
  const items = catalogue.filter((i) => i.active);
  // From an alert ("?item=DIAPERS"): that item; otherwise every item the plan says to order.
  const search = new URL(request.url).searchParams;
  const asked = search.get("item")?.toUpperCase() ?? "";
  // A suggested move from the planning dashboard names its quantity and the warehouse it comes from.
  const movedQuantity = /^\d{1,9}$/.test(search.get("quantity") ?? "") ? Number(search.get("quantity")) : null;
  const askedSupplier = warehouses.find((w) => w.code === search.get("supplier") && w.id !== facility.id);
  const prefill = Object.entries(plan.items)
    .filter(([code, s]) => items.some((i) => i.code === code) && (asked ? code === asked : s.suggested > 0))
    .map(([code, s]) => ({ code, ...s }));
  const earliest = prefill.map((p) => p.stockOutDay).filter((d): d is string => d !== null).sort()[0];
  return {
    facility: { code: facility.code, name: facility.name },
    today,
    items: items.map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn, unit: i.unit })),
    warehouses: warehouses.filter((w) => w.id !== facility.id).map(({ code, name }) => ({ code, name })),
    prefill,
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      supplier: askedSupplier?.code ?? warehouses.find((w) => w.id !== facility.id)?.code ?? "",
      neededBy: earliest && earliest > today ? earliest : addDays(today, 7),
      emergency: false,
      lines: [
        ...prefill.map((p) => ({ item: p.code, quantity: movedQuantity !== null && asked ? String(movedQuantity) : p.suggested > 0 ? String(p.suggested) : "" })),
        ...Array.from({ length: Math.max(1, REQUEST_FORM_ROWS - prefill.length) }, () => ({ item: "", quantity: "" })),
      ],
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "request:raise");
  const db = getDb();
  const today = zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_REQUEST_LINES }), { schema: requestCreateSchema({ today }) });
  if (submission.status !== "success") return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  const value = submission.value;
  const outcome = await raiseRequest(
    db,
    formActor(user, context),
    {
      facilityId: facility.id,
      supplierCode: value.supplier,
      neededBy: value.neededBy,
      emergency: value.emergency,
      notes: value.notes,
      lines: requestedLines(value),
      plan: () => requestPlan(db, facility.code),
    },
    value.idempotencyKey,
  );
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "not-found" || outcome.status === "conflict") return data(submission.reply({ formErrors: ["request.refused"] }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}/requests/${outcome.requestId}`, { kind: "success", message: "request.raised", params: { id: outcome.requestId } });
}

export default function NewRequest() {
  const { facility, items, warehouses, prefill, defaults, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, day, locale } = useI18n();
  const schema = requestCreateSchema({ today });
  const [form, fields] = useSchemaForm({ schema, lastResult, defaults });
  const rows = fields.lines.getFieldList();
  const itemOptions = [{ value: "", label: t("request.itemPlaceholder") }, ...items.map((i) => ({ value: i.code, label: `${i.code} · ${locale === "en" ? i.nameEn : i.nameEs} (${i.unit})` }))];
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/requests`, label: t("request.backToList") }}
        title={t("request.newTitle", { facility: facility.name })}
        intro={t("request.newIntro")}
      />
      {prefill.length > 0 ? (
        <section aria-labelledby="suggested" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3 text-sm">
          <h2 id="suggested" className="font-semibold">{t("request.suggestedTitle")}</h2>
          <ul className="mt-1 space-y-1">
            {prefill.map((p) => (
              <li key={p.code}>
                <span className="font-semibold">{p.code}</span>: {t("request.suggestedLine", { quantity: p.suggested, date: p.stockOutDay ? day(p.stockOutDay) : "—", days: p.leadTimeDays })}
                <details>
                  <summary className="cursor-pointer">{t("request.formula")}</summary>
                  <p className="mt-1 break-words">{renderWhy({ t, day }, p.formula)}</p>
                </details>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <button type="submit" hidden tabIndex={-1} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            meta={fields.supplier}
            label={t("request.supplier")}
            options={[{ value: "", label: t("request.supplierPlaceholder") }, ...warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }))]}
          />
          <TextField meta={fields.neededBy} label={t("request.neededBy")} type="date" />
        </div>
        <CheckboxField meta={fields.emergency} label={t("request.emergencyLabel")} />
        <p className="-mt-4 text-sm text-slate-700">{t("request.emergencyHint")}</p>
        <fieldset>
          <legend className="text-lg font-semibold">{t("request.lines")}</legend>
          <ol className="mt-2 space-y-4">
            {rows.map((row, index) => {
              const line = row.getFieldset();
              return (
                <li key={row.key} className="grid items-start gap-3 border-t border-slate-200 pt-3 sm:grid-cols-[1fr_10rem_auto]">
                  <SelectField meta={line.item} label={t("request.lineItem", { n: index + 1 })} options={itemOptions} />
                  <TextField meta={line.quantity} label={t("request.quantity")} type="number" inputMode="numeric" />
                  {rows.length > 1 ? (
                    <button {...form.remove.getButtonProps({ name: fields.lines.name, index })} className="mt-6 rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100">
                      {t("request.removeLine", { n: index + 1 })}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {rows.length < MAX_REQUEST_LINES ? (
            <button
              {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { item: "", quantity: "" } })}
              className="mt-3 rounded border border-brand-700 px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-slate-100"
            >
              {t("request.addLine")}
            </button>
          ) : null}
        </fieldset>
        <TextAreaField meta={fields.notes} label={t("request.notes")} />
        <p className="text-sm text-slate-700">{t("request.draftHint")}</p>
        <SubmitButton pending={t("request.saving")}>{t("request.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "request.newTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
