import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { listItems } from "#db/catalogue.server";
import { listFacilityOptions } from "#db/facilities.server";
import { listFacilityLots } from "#db/stock.server";
import { FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { sendShipment } from "~/lib/commands/shipments.server";
import { getDb } from "~/lib/db.server";
import { unusableReason, type Unusable } from "~/lib/domain/stock";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { MAX_SHIPMENT_LINES, SHIPMENT_FORM_ROWS, pickedLines, shipmentSendSchema } from "~/lib/schemas/stockops";
import { redirectWithFlash } from "~/lib/session.server";
import { zonedDateTimeLocal, zonedDay } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { useSchemaForm } from "~/lib/use-schema-form";


/** The lots a facility holds (quantity above zero) with their item, as the form offers them. */
async function heldLots(facilityId: number, today: string) {
  const db = getDb();
  const [held, catalogue] = await Promise.all([listFacilityLots(db, facilityId), listItems(db)]);
  const items = new Map(catalogue.map((i) => [i.id, i]));
  return held
    .filter((l) => l.quantity > 0 && items.has(l.itemId))
    .map((l) => {
      const item = items.get(l.itemId)!;
      return {
        lotId: l.lotId,
        itemCode: item.code,
        nameEs: item.nameEs,
        nameEn: item.nameEn,
        unit: item.unit,
        lotNumber: l.lotNumber,
        expiry: l.expiry,
        quantity: l.quantity,
        state: (unusableReason(l, today) ?? "usable") as Unusable | "usable",
      };
    })
    .sort((a, b) => a.itemCode.localeCompare(b.itemCode) || (a.expiry ?? "9999").localeCompare(b.expiry ?? "9999"));
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const now = new Date();
  const [lots, options] = await Promise.all([heldLots(facility.id, zonedDay(now, timeZone)), listFacilityOptions(getDb())]);
  return {
    facility: { code: facility.code, name: facility.name },
    timeZone,
    lots,
    destinations: options.filter((f) => f.id !== facility.id).map(({ code, name }) => ({ code, name })),
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(now, timeZone),
      toFacility: "",
      lines: Array.from({ length: SHIPMENT_FORM_ROWS }, () => ({ lot: "", quantity: "" })),
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const submission = parseWithZod(await readForm(request, { maxRows: MAX_SHIPMENT_LINES }), { schema: shipmentSendSchema({ timeZone: env().ALBERGUE_TIME_ZONE }) });
  // Adding or removing a line without JavaScript comes back here as an intent: not an error.
  if (submission.status !== "success") return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  const value = submission.value;
  const outcome = await sendShipment(
    getDb(),
    formActor(user, context),
    { facilityId: facility.id, toFacility: value.toFacility, occurredAt: value.occurredAt, lines: pickedLines(value), notes: value.notes },
    value.idempotencyKey,
  );
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply(outcome.formErrors.length ? { formErrors: outcome.formErrors } : { fieldErrors: outcome.fieldErrors }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}/stock/shipments`, {
    kind: "success",
    message: "shipment.sent",
    params: { from: facility.code, to: outcome.toFacility },
  });
}

export default function SendShipment() {
  const { facility, lots, destinations, defaults, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, number, day, locale } = useI18n();
  const schema = shipmentSendSchema({ timeZone });
  const [form, fields] = useSchemaForm({ schema, lastResult, defaults });
  // What is available of the chosen lot follows the choice only once the page is interactive.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { lines?: ({ lot?: string } | undefined)[] };
  const byId = new Map(lots.map((l) => [String(l.lotId), l]));
  const lotLabel = (l: (typeof lots)[number]) =>
    [
      `${l.itemCode} · ${locale === "en" ? l.nameEn : l.nameEs}`,
      l.lotNumber ? t("stockops.lot", { lot: l.lotNumber }) : null,
      l.expiry ? t("stockops.expires", { date: day(l.expiry) }) : null,
      t("stockops.available", { quantity: number(l.quantity), unit: l.unit }),
      l.state !== "usable" ? t(`stockops.state.${l.state}`) : null,
    ]
      .filter(Boolean)
      .join(" · ");
  const rows = fields.lines.getFieldList();
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock/shipments`, label: t("shipment.backToList") }}
        title={t("shipment.newTitle")}
        intro={t("shipment.newIntro", { facility: `${facility.name} (${facility.code})` })}
      />
      {lots.length === 0 ? (
        <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">
          {t("shipment.nothingToSend")}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
          {/* Enter in a field sends the shipment, not the first "remove line" button. */}
          <button type="submit" hidden tabIndex={-1} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              meta={fields.toFacility}
              label={t("shipment.toFacility")}
              options={[
                { value: "", label: t("shipment.toFacilityPlaceholder") },
                ...destinations.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` })),
              ]}
            />
            <TextField meta={fields.occurredAt} label={t("shipment.sentAt")} hint={t("movement.occurredAtHint")} type="datetime-local" />
          </div>
          <fieldset>
            <legend className="text-lg font-semibold">{t("shipment.lines")}</legend>
            <p className="text-sm text-slate-700">{t("shipment.linesHint")}</p>
            <ol className="mt-2 space-y-4">
              {rows.map((row, index) => {
                const line = row.getFieldset();
                const chosen = byId.get(current.lines?.[index]?.lot ?? "");
                return (
                  <li key={row.key} className="grid items-start gap-3 border-t border-slate-200 pt-3 sm:grid-cols-[1fr_12rem_auto]">
                    <SelectField
                      meta={line.lot}
                      label={t("shipment.lineLot", { n: index + 1 })}
                      options={[{ value: "", label: t("shipment.lotPlaceholder") }, ...lots.map((l) => ({ value: String(l.lotId), label: lotLabel(l) }))]}
                    />
                    <TextField
                      meta={line.quantity}
                      label={t("shipment.quantity")}
                      type="number"
                      inputMode="numeric"
                      hint={chosen ? t("stockops.available", { quantity: number(chosen.quantity), unit: chosen.unit }) : undefined}
                    />
                    {rows.length > 1 ? (
                      <button
                        {...form.remove.getButtonProps({ name: fields.lines.name, index })}
                        className="mt-6 rounded border border-slate-400 px-3 py-2 text-sm hover:bg-slate-100"
                      >
                        {t("shipment.removeLine", { n: index + 1 })}
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            {rows.length < MAX_SHIPMENT_LINES ? (
              <button
                {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { lot: "", quantity: "" } })}
                className="mt-3 rounded border border-brand-700 px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-slate-100"
              >
                {t("shipment.addLine")}
              </button>
            ) : null}
          </fieldset>
          <TextAreaField meta={fields.notes} label={t("movement.notes")} />
          <SubmitButton pending={t("shipment.sending")}>{t("shipment.send")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shipment.newTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
