import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { getTransferTo } from "#db/census.server";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { GroupCountFields } from "~/components/group-counts";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { receiveTransfer, transferReceiptInputOf } from "~/lib/commands/receive-transfer.server";
import { getDb } from "~/lib/db.server";
import { allGroups, type Counts } from "~/lib/domain/population";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loadRecordingForm } from "~/lib/movement.server";
import { receiveSchema } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";


function transferId(param: string | undefined): number {
  return idOf(param) ?? notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const form = await loadRecordingForm(request, context, params.code);
  const transfer = await getTransferTo(getDb(), form.facility.id, transferId(params.id));
  if (!transfer) notFound();
  const sent = Object.fromEntries(allGroups.map((g) => [g, transfer[g]])) as Counts;
  return {
    facility: { code: form.facility.code, name: form.facility.name },
    transfer: { id: transfer.id, status: transfer.status, sentAt: transfer.sentAt, fromCode: transfer.fromCode, fromName: transfer.fromName, sent },
    timeZone: form.timeZone,
    defaults: { ...form.defaults, ...Object.fromEntries(allGroups.map((g) => [g, String(sent[g])])) },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const id = transferId(params.id);
  const submission = parseWithZod(await readForm(request), { schema: receiveSchema({ timeZone: env().ALBERGUE_TIME_ZONE }) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const outcome = await receiveTransfer(getDb(), formActor(user, context), transferReceiptInputOf(facility.id, id, value), value.idempotencyKey);
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "refused") return data(submission.reply({ formErrors: outcome.formErrors }), { status: 409 });
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}`, {
    kind: outcome.missing > 0 ? "info" : "success",
    message: outcome.missing > 0 ? "receive.recordedMissing" : "receive.recorded",
    params: { id, total: outcome.received, missing: outcome.missing },
  });
}

// With JavaScript, a receipt the link or the server cannot take is kept on the device (the outbox).
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "transfer-receive";

export default function ReceiveTransfer() {
  const { facility, transfer, defaults, timeZone } = useLoaderData<typeof loader>();
  const { t, relative, number } = useI18n();
  const schema = receiveSchema({ timeZone });
  const { outbox, form, fields } = useFieldForm({ id: FORM_ID, schema: schema, actionData: useActionData<typeof clientAction>(), defaults, kinds: ["transferReceipt"], timeZone });
  const sentHint = (g: keyof Counts) => t("receive.sent", { count: number(transfer.sent[g]) });
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("receive.title")}
      />
      <p className="text-slate-700">
        {t("receive.intro", { id: transfer.id, from: `${transfer.fromName} (${transfer.fromCode})`, when: relative(transfer.sentAt) })}
      </p>
      {transfer.status !== "in_transit" ? (
        <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">
          {t("receive.alreadyReceived")}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
          <QueuedNotice outbox={outbox} formId={FORM_ID} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
          <TextField meta={fields.occurredAt} label={t("movement.occurredAt")} hint={t("movement.occurredAtHint")} type="datetime-local" className="max-w-xs" />
          <GroupCountFields fields={fields} hint={sentHint} />
          <TextAreaField meta={fields.notes} label={t("movement.notes")} />
          <SubmitButton pending={t("movement.saving")}>{t("movement.save")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "receive.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
