import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { issueInputFromForm, issueStock } from "~/lib/commands/issue-stock.server";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { issueSchema } from "~/lib/schemas/stock";
import { redirectWithFlash } from "~/lib/session.server";
import { facilityStock } from "~/lib/stock.server";
import { listItemGtins } from "#db/catalogue.server";
import { ScanField } from "~/components/scan-field";
import { fillIssue } from "~/components/scan-fill";
import { zonedDateTimeLocal, zonedDay } from "~/lib/time";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";
import { repeatConfirmed, twinQuestion } from "~/lib/twin-question.server";
import { PageHeader } from "~/components/ui/page-header";
import { SelectField } from "~/components/ui/select-field";


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const now = new Date();
  const stock = await facilityStock(getDb(), facility.id, zonedDay(now, timeZone));
  const url = new URL(request.url);
  const presetItem = url.searchParams.get("item") ?? "";
  const presetLot = Number(url.searchParams.get("lot")) || undefined;
  return {
    facility: { code: facility.code, name: facility.name },
    timeZone,
    gtins: await listItemGtins(getDb()),
    items: stock.map((s) => ({
      code: s.code,
      nameEs: s.nameEs,
      nameEn: s.nameEn,
      unit: s.unit,
      usable: s.usable,
      lots: s.lots
        .filter((l) => l.quantity > 0 && l.lotNumber !== "")
        .map((l) => ({ lotId: l.lotId, lotNumber: l.lotNumber, expiry: l.expiry, quantity: l.quantity, state: l.state })),
    })),
    defaults: {
      idempotencyKey: crypto.randomUUID(),
      occurredAt: zonedDateTimeLocal(now, timeZone),
      item: stock.some((s) => s.code === presetItem) ? presetItem : "",
      lotId: presetLot ? String(presetLot) : "",
      quantity: "",
      peopleServed: "",
      notes: "",
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:record");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: issueSchema({ timeZone: env().ALBERGUE_TIME_ZONE }) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const outcome = await issueStock(getDb(), formActor(user, context), issueInputFromForm(facility.id, value), value.idempotencyKey, {
    questions: { confirmRepeat: repeatConfirmed(formData) },
  });
  if (outcome.status === "twin") {
    // Back and resubmit without JavaScript: the same distribution under a new key (decision 016).
    const { item, lotNumber } = outcome;
    const question = await twinQuestion(request, user, "stock.issue.repeatSuspected", outcome.recordedAt, ({ t, tMaybe, locale }) => {
      const described = { quantity: value.quantity, unit: tMaybe(`stock.unit.${item.unit}`), item: locale === "en" ? item.nameEn : item.nameEs, lot: lotNumber ?? "" };
      return { what: lotNumber ? t("stock.twin.line", described) : t("stock.twin.lineNoLot", described) };
    });
    return data(submission.reply({ formErrors: [question] }), { status: 409 });
  }
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}/stock`, {
    kind: "success",
    message: "stock.issued",
    params: { quantity: value.quantity, item: value.item },
  });
}

// With JavaScript, a submission the link or the server cannot take is kept on the device and
// sent later (the outbox); without it the form posts as it always did.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "stock-issues-new";

export default function IssueStock() {
  const { facility, defaults, timeZone, items, gtins } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t, tMaybe, locale, number, day } = useI18n();
  const schema = issueSchema({ timeZone });
  const { outbox, form, fields } = useFieldForm({ id: FORM_ID, schema: schema, actionData: actionData, defaults, kinds: ["issue"], timeZone });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { item?: string };
  // Before JavaScript runs, the item already in the form (?item=ORS, or the one just submitted)
  // is the choice: its lots alone are offered, not every item's.
  const chosenCode = hydrated ? current.item : String(fields.item.initialValue ?? "");
  const chosen = items.find((i) => i.code === chosenCode);
  const name = (i: { nameEs: string; nameEn: string }) => (locale === "en" ? i.nameEn : i.nameEs);
  const unit = (u: string) => tMaybe(`stock.unit.${u}`);
  // With no item chosen yet, every lot is offered (grouped by item); then only the chosen item's.
  const lotGroups = chosen ? [chosen] : items.filter((i) => i.lots.length > 0);
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/stock`, label: t("stock.backToStock", { facility: facility.name }) }}
        title={t("stock.issue.title")}
        intro={t("stock.issue.intro", { facility: `${facility.name} (${facility.code})` })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <QueuedNotice outbox={outbox} formId={FORM_ID} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <TextField meta={fields.occurredAt} label={t("stock.occurredAt")} type="datetime-local" className="max-w-xs" />
        <ScanField gtins={gtins} onRead={(scan) => fillIssue(document.getElementById(form.id) as HTMLFormElement | null, scan, items)} />
        <div>
          <SelectField
            meta={fields.item}
            label={t("stock.item")}
            placeholder={t("stock.chooseItem")}
            options={items.map((i) => ({
              value: i.code,
              label: `${name(i)} (${i.code}) · ${t("stock.usableShort", { quantity: number(i.usable), unit: unit(i.unit) })}`,
            }))}
          />
          {chosen ? (
            <p className="mt-1 text-sm font-medium" aria-live="polite" data-testid="available">
              {t("stock.issue.available", { quantity: number(chosen.usable), unit: unit(chosen.unit) })}
            </p>
          ) : null}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            meta={fields.quantity}
            label={chosen ? t("stock.quantityIn", { unit: unit(chosen.unit) }) : t("stock.quantity")}
            type="number"
            inputMode="numeric"
          />
          <TextField meta={fields.peopleServed} label={t("stock.issue.peopleServed")} hint={t("stock.issue.peopleServedHint")} type="number" inputMode="numeric" />
        </div>
        <SelectField meta={fields.lotId} label={t("stock.issue.lot")} placeholder={t("stock.issue.fefo")} hint={t("stock.issue.lotHint")}>
          {lotGroups.map((i) => (
            <optgroup key={i.code} label={`${name(i)} (${i.code})`}>
              {i.lots.map((l) => (
                <option key={l.lotId} value={l.lotId} disabled={l.state !== "usable"}>
                  {[
                    l.lotNumber,
                    l.expiry ? t("stock.expiresOn", { date: day(l.expiry) }) : null,
                    `${number(l.quantity)} ${unit(i.unit)}`,
                    l.state !== "usable" ? t(`stock.state.${l.state}`) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <TextAreaField meta={fields.notes} label={t("stock.notes")} />
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("stock.saving")}>{t("stock.issue.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stock.issue.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
