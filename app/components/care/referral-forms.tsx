// Referring a case to a hospital, and following each referral's status.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { useI18n } from "~/lib/i18n";
import { referralHospitals, referralSchema, referralStatuses, referralUrgencies } from "~/lib/schemas/care";
import { sectionClass } from "./section";
import { useSchemaForm } from "~/lib/use-schema-form";

export function ReferralForm({
  timeZone,
  idempotencyKey,
  occurredAt,
  lastResult,
}: {
  timeZone: string;
  idempotencyKey: string;
  occurredAt: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const schema = referralSchema({ timeZone });
  const [form, fields] = useSchemaForm({ id: "referral", schema, lastResult, defaults: { idempotencyKey, occurredAt, urgency: "urgent", hospital: referralHospitals[0] } });
  return (
    <section aria-labelledby="referral-title" className={sectionClass}>
      <h2 id="referral-title" className="text-lg font-semibold">
        {t("care.referralTitle")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={idempotencyKey} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.occurredAt} label={t("care.sentAt")} type="datetime-local" />
          <TextField meta={fields.hospital} label={t("care.hospital")} hint={t("care.hospitalHint")} autoComplete="off" />
          <SelectField
            meta={fields.urgency}
            label={t("care.urgency")}
            options={referralUrgencies.map((u) => ({ value: u, label: t(`care.urgency.${u}`) }))}
          />
        </div>
        <TextAreaField meta={fields.reason} label={t("care.reason")} />
        <SubmitButton intent="referral" pending={t("care.saving")}>
          {t("care.refer")}
        </SubmitButton>
      </Form>
    </section>
  );
}

export function ReferralStatusForm({ id, status }: { id: number; status: (typeof referralStatuses)[number] }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="flex items-end gap-2">
      <input type="hidden" name="referralId" value={id} />
      <div>
        <label htmlFor={`referral-status-${id}`} className="block text-xs font-medium">
          {t("care.referralStatus")}
        </label>
        <select
          id={`referral-status-${id}`}
          name="status"
          defaultValue={status}
          className="mt-1 rounded border border-slate-400 bg-white px-2 py-1"
        >
          {referralStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`care.referralStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton
        intent="referralStatus"
        pending={t("care.saving")}
        className="rounded border border-brand-700 px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50"
      >
        {t("care.update")}
      </SubmitButton>
    </Form>
  );
}
