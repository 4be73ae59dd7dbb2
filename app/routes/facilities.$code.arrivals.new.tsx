import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import type { z } from "zod";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate, useOutboxEdit, useOutboxForm, useOutboxReset } from "~/lib/outbox/client";
import { recentNationalityMix } from "#db/census.server";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { GroupCountFields } from "~/components/group-counts";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { Stepper } from "~/components/stepper";
import { useHydrated } from "~/lib/use-hydrated";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { arrivalInputOf, recordArrival } from "~/lib/commands/record-arrival.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { countryCodes, countryName } from "~/lib/domain/countries";
import { baseGroups, totalOf, type Counts } from "~/lib/domain/population";
import { intlTag, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loadRecordingForm } from "~/lib/movement.server";
import { CONFIRM_REPEAT_FIELD, CONFIRM_SIZE_FIELD, overCapacityAfter } from "~/lib/population.server";
import { dayOf } from "~/lib/time.server";
import { addDays } from "~/lib/time";
import { arrivalSchema } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { SelectField } from "~/components/ui/select-field";

const NATIONALITY_ROWS = 6;
type ArrivalSchema = ReturnType<typeof arrivalSchema>;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const form = await loadRecordingForm(request, context, params.code);
  // The facility's recent nationality mix comes first, so most groups need no country picking.
  const mix = await recentNationalityMix(getDb(), form.facility.id, addDays(dayOf(new Date()), -30));
  const countries = mix.map((m) => m.country).slice(0, NATIONALITY_ROWS - 1);
  // Names and their order come from the server: browsers' collation and region names differ
  // from Node's, and the page must render the same on both.
  const locale = form.user.preferredLanguage;
  return {
    facility: { code: form.facility.code, name: form.facility.name },
    timeZone: form.timeZone,
    countryOptions: countryCodes
      .map((code) => ({ code, name: countryName(code, intlTag(locale)) }))
      .sort((a, b) => a.name.localeCompare(b.name, intlTag(locale))),
    defaults: {
      ...form.defaults,
      nationalities: [...countries, ...Array(NATIONALITY_ROWS - countries.length).fill("")].map((country: string) => ({
        country,
        count: "0",
      })),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const schema = arrivalSchema({ timeZone: env().ALBERGUE_TIME_ZONE });
  // A group's nationalities: the form shows six rows; twenty is far beyond any group, and each
  // row re-rendered on a refusal carries the whole country list.
  const formData = await readForm(request, { maxRows: 20 });
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const input = arrivalInputOf(facility.id, value);
  const outcome = await recordArrival(getDb(), formActor(user, context), input, value.idempotencyKey, {
    questions: { confirmRepeat: formData.get(CONFIRM_REPEAT_FIELD) === "yes", confirmSize: formData.get(CONFIRM_SIZE_FIELD) === "yes" },
  });
  if (outcome.status === "question") return data(submission.reply({ formErrors: outcome.formErrors }), { status: 409 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  const total = totalOf(input.counts);
  const over = await overCapacityAfter(facility, outcome.census);
  return redirectWithFlash(`/facilities/${facility.code}`, {
    kind: over ? "error" : "success",
    message: over ? "arrival.recordedOverCapacity" : "arrival.recorded",
    params: { total, code: facility.code },
  });
}

// With JavaScript, a submission the link or the server cannot take is kept on the device and
// sent later (the outbox); without it the form posts as it always did.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "arrivals-new";

export default function RecordArrival() {
  const { facility, defaults, timeZone, countryOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t, tMaybe } = useI18n();
  const schema = arrivalSchema({ timeZone });
  const outbox = useOutboxForm(actionData, defaults.idempotencyKey);
  const lastResult = outbox.lastResult;
  const [form, fields] = useForm<z.input<ArrivalSchema>, z.output<ArrivalSchema>>({
    id: FORM_ID,
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  useOutboxReset(form, outbox.queued, { name: fields.occurredAt.name, serverDefault: defaults.occurredAt, timeZone });
  useOutboxEdit(form, outbox, ["arrival"]);
  // Live figures come from what is typed only once the page is interactive: before that the
  // server's rendering must be reproduced exactly, or React would throw away what was typed.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as Record<string, unknown>;
  const liveCounts = Object.fromEntries(baseGroups.map((g) => [g, Number(current[g] ?? 0) || 0])) as Counts;
  const total = totalOf(liveCounts);
  const rows = (current.nationalities as { count?: string }[] | undefined) ?? [];
  const assigned = rows.reduce((sum, r) => sum + (Number(r?.count ?? 0) || 0), 0);
  const nationalityRows = fields.nationalities.getFieldList();
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("arrival.title")}
        intro={t("arrival.intro", { facility: `${facility.name} (${facility.code})` })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <QueuedNotice outbox={outbox} formId={FORM_ID} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <TextField
          meta={fields.occurredAt}
          label={t("movement.occurredAt")}
          hint={t("movement.occurredAtHint")}
          type="datetime-local"
          className="max-w-xs"
        />
        <GroupCountFields fields={fields} total={total} />
        <fieldset aria-describedby={`${fields.nationalities.id}-hint`}>
          <legend className="text-lg font-semibold">{t("arrival.nationalities")}</legend>
          <p id={`${fields.nationalities.id}-hint`} className="text-sm text-slate-700">
            {t("arrival.nationalitiesHint")}
          </p>
          <div className="mt-2 space-y-2">
            {nationalityRows.map((row, index) => {
              const rowFields = row.getFieldset();
              return (
                <div key={row.key} className="flex flex-wrap items-end gap-3">
                  <SelectField
                    meta={rowFields.country}
                    label={`${t("arrival.country")} ${index + 1}`}
                    placeholder={t("arrival.countryPlaceholder")}
                    options={countryOptions.map((c) => ({ value: c.code, label: c.name }))}
                    className="min-w-0 max-w-full"
                    selectClassName="w-full max-w-[14rem]"
                  />
                  <Stepper meta={rowFields.count} label={`${t("arrival.count")} ${index + 1}`} />
                </div>
              );
            })}
          </div>
          {hydrated ? (
            <p className="mt-2 text-sm font-medium" aria-live="polite" data-testid="remaining">
              {t("arrival.remaining", { count: total - assigned })}
            </p>
          ) : null}
          {fields.nationalities.errors?.length ? (
            <p id={fields.nationalities.errorId} className="mt-1 text-sm text-red-800">
              {tMaybe(fields.nationalities.errors[0]!)}
            </p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Stepper meta={fields.biometricsRegistered} label={t("arrival.biometrics")} />
          <TextField meta={fields.origin} label={t("arrival.origin")} hint={t("arrival.originHint")} autoComplete="off" />
        </div>
        <TextAreaField meta={fields.notes} label={t("movement.notes")} />
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("movement.saving")}>{t("movement.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "arrival.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
