import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import type { z } from "zod";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate, useOutboxEdit, useOutboxForm, useOutboxReset } from "~/lib/outbox/client";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { CountryField, CountryList } from "~/components/country-field";
import { GroupCountFields } from "~/components/group-counts";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { Stepper } from "~/components/stepper";
import { useHydrated } from "~/lib/use-hydrated";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { arrivalInputOf, recordArrival } from "~/lib/commands/record-arrival.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { baseGroups, totalOf, type Counts } from "~/lib/domain/population";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loadArrivalForm } from "~/lib/movement.server";
import { CONFIRM_REPEAT_FIELD, CONFIRM_SIZE_FIELD, overCapacityAfter } from "~/lib/population.server";
import { arrivalSchema } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { SelectField } from "~/components/ui/select-field";

type ArrivalSchema = ReturnType<typeof arrivalSchema>;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadArrivalForm(request, context, params.code);
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
const COUNTRY_LIST_ID = "arrival-countries";
const COUNTRY_HINT_ID = "arrival-country-hint";

export default function RecordArrival() {
  const { facility, defaults, timeZone, countryOptions, usualRows, repeat } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t, tMaybe, dateTime } = useI18n();
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
      {/* A plain link: the page loads again with the last group's figures and a new key. */}
      <p className="mt-2 text-sm">
        {repeat ? (
          <span data-testid="repeat-note">
            {repeat.found && repeat.occurredAt
              ? t("arrival.repeatShown", { when: dateTime(repeat.occurredAt) })
              : t("arrival.repeatNone")}{" "}
            <Link to="." reloadDocument className="font-medium underline">
              {t("arrival.repeatClear")}
            </Link>
          </span>
        ) : (
          <Link to="?repeat=last" reloadDocument className="inline-flex min-h-11 items-center font-medium underline">
            {t("arrival.repeatLast")}
          </Link>
        )}
      </p>
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
              const label = `${t("arrival.country")} ${index + 1}`;
              return (
                <div key={row.key} className="flex flex-wrap items-end gap-3">
                  {index < usualRows ? (
                    <SelectField
                      meta={rowFields.country}
                      label={label}
                      placeholder={t("arrival.countryPlaceholder")}
                      options={countryOptions.map((c) => ({ value: c.code, label: c.name }))}
                      className="min-w-0 max-w-full"
                      selectClassName="w-full max-w-[14rem]"
                    />
                  ) : (
                    <CountryField meta={rowFields.country} label={label} listId={COUNTRY_LIST_ID} hintId={COUNTRY_HINT_ID} className="min-w-0 max-w-full" />
                  )}
                  <Stepper meta={rowFields.count} label={`${t("arrival.count")} ${index + 1}`} />
                </div>
              );
            })}
            <p id={COUNTRY_HINT_ID} className="text-sm text-slate-700">
              {t("arrival.countrySearchHint")}
            </p>
            <CountryList id={COUNTRY_LIST_ID} options={countryOptions} />
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
