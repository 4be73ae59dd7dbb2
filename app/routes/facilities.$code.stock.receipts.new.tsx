import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { listItemGtins, listItems } from "#db/catalogue.server";
import { ScanField } from "~/components/scan-field";
import { fillReceipt } from "~/components/scan-fill";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { FormErrors, SubmitButton, TextAreaField, TextField, type AnyField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { receiptInputFromForm, recordReceipt } from "~/lib/commands/record-receipt.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { MAX_RECEIPT_LINES, RECEIPT_LINES, receiptLines, receiptSchema } from "~/lib/schemas/stock";
import { redirectWithFlash } from "~/lib/session.server";
import { useHydrated } from "~/lib/use-hydrated";
import { zonedDateTimeLocal } from "~/lib/time";
import { readForm } from "~/lib/form-data.server";
import { repeatConfirmed, twinQuestion } from "~/lib/twin-question.server";
import { PageHeader } from "~/components/ui/page-header";
import { SelectField } from "~/components/ui/select-field";
import { Button } from "~/components/ui/button";


async function activeItems() {
  return (await listItems(getDb()))
    .filter((i) => i.active)
    .map((i) => ({
      id: i.id,
      code: i.code,
      nameEs: i.nameEs,
      nameEn: i.nameEn,
      category: i.category,
      unit: i.unit,
      lotTracked: i.lotTracked,
      expires: i.expires,
    }));
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const [items, gtins] = await Promise.all([activeItems(), listItemGtins(getDb())]);
  const preset = new URL(request.url).searchParams.get("item") ?? "";
  const first = items.some((i) => i.code === preset) ? preset : "";
  return {
    facility: { code: facility.code, name: facility.name },
    timeZone,
    items,
    gtins,
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(new Date(), timeZone),
      source: "",
      documentRef: "",
      lines: Array.from({ length: RECEIPT_LINES }, (_, index) => ({ item: index === 0 ? first : "", lotNumber: "", expiry: "", manufacturer: "", gtin: "" })),
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const items = await activeItems();
  const schema = receiptSchema({ timeZone: env().ALBERGUE_TIME_ZONE, items });
  const formData = await readForm(request, { maxRows: MAX_RECEIPT_LINES });
  const submission = parseWithZod(formData, { schema });
  // An "add a line" button sent without JavaScript comes back as a form with one more row.
  if (submission.status !== "success") return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  const value = submission.value;
  const lines = receiptLines(value.lines, items);
  const outcome = await recordReceipt(getDb(), formActor(user, context), receiptInputFromForm(facility.id, value, lines), value.idempotencyKey, {
    questions: { confirmRepeat: repeatConfirmed(formData) },
  });
  if (outcome.status === "twin") {
    // Back and resubmit without JavaScript: the same delivery under a new key (decision 016).
    const question = await twinQuestion(request, user, "stock.receipt.repeatSuspected", outcome.recordedAt, ({ t, tMaybe, locale }) => ({
      what: outcome.lines
        .map(({ item, quantity, lotNumber }) => {
          const described = { quantity, unit: tMaybe(`stock.unit.${item.unit}`), item: locale === "en" ? item.nameEn : item.nameEs, lot: lotNumber };
          return lotNumber ? t("stock.twin.line", described) : t("stock.twin.lineNoLot", described);
        })
        .join("; "),
    }));
    return data(submission.reply({ formErrors: [question] }), { status: 409 });
  }
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}/stock`, {
    kind: "success",
    message: "stock.received",
    params: { lines: lines.length, code: facility.code },
  });
}

function LineField({
  meta,
  label,
  type = "text",
  inputMode,
  className,
}: {
  meta: AnyField;
  label: string;
  type?: "text" | "date" | "number";
  inputMode?: "numeric";
  className?: string;
}) {
  return <TextField meta={meta} label={label} type={type} inputMode={inputMode} autoComplete="off" className={className} />;
}

// With JavaScript, a submission the link or the server cannot take is kept on the device and
// sent later (the outbox); without it the form posts as it always did.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "stock-receipts-new";

export default function ReceiveStock() {
  const { facility, defaults, timeZone, items, gtins } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t, tMaybe, locale } = useI18n();
  const schema = receiptSchema({ timeZone, items });
  const { outbox, form, fields } = useFieldForm({ id: FORM_ID, schema: schema, actionData: actionData, defaults, kinds: ["receipt"], timeZone });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { lines?: ({ item?: string } | undefined)[] };
  const byCode = new Map(items.map((i) => [i.code, i]));
  const name = (i: { nameEs: string; nameEn: string }) => (locale === "en" ? i.nameEn : i.nameEs);
  const lineRows = fields.lines.getFieldList();
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stock.backToStock", { facility: facility.name }) }}
        title={t("stock.receipt.title")}
        intro={t("stock.receipt.intro", { facility: `${facility.name} (${facility.code})` })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <QueuedNotice outbox={outbox} formId={FORM_ID} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.occurredAt} label={t("stock.occurredAt")} type="datetime-local" />
          <TextField meta={fields.source} label={t("stock.receipt.source")} hint={t("stock.receipt.sourceHint")} autoComplete="off" />
          <TextField meta={fields.documentRef} label={t("stock.receipt.documentRef")} hint={t("stock.receipt.documentRefHint")} autoComplete="off" />
        </div>
        <ScanField
          gtins={gtins}
          onRead={(scan) =>
            fillReceipt(document.getElementById(form.id) as HTMLFormElement | null, scan, lineRows.length, (line) =>
              form.insert({ name: fields.lines.name, defaultValue: line }),
            )
          }
        />
        {lineRows.map((row, index) => {
          const line = row.getFieldset();
          const chosen = byCode.get(String(current.lines?.[index]?.item ?? ""));
          // Until the page is interactive every field is shown; then only those the item needs.
          const showLot = !hydrated || !chosen || chosen.lotTracked;
          const showExpiry = !hydrated || !chosen || (chosen.lotTracked && chosen.expires);
          const showVvm = !hydrated || !chosen || chosen.category === "vaccine";
          return (
            <fieldset key={row.key} className="rounded border border-slate-300 p-3">
              <legend className="px-1 font-semibold">{t("stock.receipt.line", { n: index + 1 })}</legend>
              <div className="grid gap-3 sm:grid-cols-3">
                <SelectField
                  meta={line.item}
                  label={t("stock.item")}
                  placeholder={t("stock.chooseItem")}
                  options={items.map((i) => ({ value: i.code, label: `${name(i)} (${i.code})` }))}
                  className="sm:col-span-2"
                />
                <LineField
                  meta={line.quantity}
                  label={chosen ? t("stock.quantityIn", { unit: tMaybe(`stock.unit.${chosen.unit}`) }) : t("stock.quantity")}
                  type="number"
                  inputMode="numeric"
                />
                {showLot ? <LineField meta={line.lotNumber} label={t("stock.lotNumber")} /> : null}
                {showExpiry ? <LineField meta={line.expiry} label={t("stock.expiry")} type="date" /> : null}
                {showLot ? <LineField meta={line.manufacturer} label={t("stock.manufacturer")} /> : null}
                {showVvm ? (
                  <SelectField meta={line.vvmStage} label={t("stock.vvmStage")} placeholder={t("stock.vvmNotApplicable")} options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t("stock.vvmStageN", { n }) }))} />
                ) : null}
                <TextField meta={line.gtin} label={t("stock.gtin")} hint={t("stock.gtinHint")} inputMode="numeric" autoComplete="off" />
              </div>
              {!hydrated ? <p className="mt-2 text-sm text-slate-700">{t("stock.receipt.notLotTrackedHint")}</p> : null}
            </fieldset>
          );
        })}
        {fields.lines.errors?.length ? (
          <p id={fields.lines.errorId} className="text-sm text-red-800">
            {tMaybe(fields.lines.errors[0]!)}
          </p>
        ) : null}
        <Button
          variant="secondary"
          {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { item: "", lotNumber: "", expiry: "", manufacturer: "", gtin: "" } })}
        >
          {t("stock.receipt.addLine")}
        </Button>
        <TextAreaField meta={fields.notes} label={t("stock.notes")} />
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("stock.saving")}>{t("stock.receipt.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.receipt.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
