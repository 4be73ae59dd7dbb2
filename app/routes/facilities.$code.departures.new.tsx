import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { listFacilityOptions } from "#db/facilities.server";
import { QueuedNotice } from "~/components/outbox-notice";
import { outboxAction, outboxShouldRevalidate } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { GroupCountFields } from "~/components/group-counts";
import { RepeatConfirm } from "~/components/repeat-confirm";
import { useHydrated } from "~/lib/use-hydrated";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { departureInputOf, recordDeparture } from "~/lib/commands/record-departure.server";
import { getDb } from "~/lib/db.server";
import { baseGroups, totalOf, type Counts } from "~/lib/domain/population";
import { env } from "~/lib/env.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loadRecordingForm } from "~/lib/movement.server";
import { CONFIRM_REPEAT_FIELD } from "~/lib/population.server";
import { departureKinds, departureSchema } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const form = await loadRecordingForm(request, context, params.code);
  const others = (await listFacilityOptions(getDb())).filter((f) => f.id !== form.facility.id);
  return {
    facility: { code: form.facility.code, name: form.facility.name },
    timeZone: form.timeZone,
    present: form.present,
    destinations: others.map(({ code, name }) => ({ code, name })),
    defaults: { ...form.defaults, kind: "onward" },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const schema = departureSchema({ timeZone: env().ALBERGUE_TIME_ZONE });
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const input = departureInputOf(facility.id, value);
  const outcome = await recordDeparture(getDb(), formActor(user, context), input, value.idempotencyKey, {
    questions: { confirmRepeat: formData.get(CONFIRM_REPEAT_FIELD) === "yes" },
  });
  if (outcome.status === "question") return data(submission.reply({ formErrors: outcome.formErrors }), { status: 409 });
  if (outcome.status === "invalid") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 400 });
  if (outcome.status === "refused") return data(submission.reply({ fieldErrors: outcome.fieldErrors }), { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}`, {
    kind: "success",
    message: value.kind === "transfer" ? "departure.transferSent" : "departure.recorded",
    params: { total: totalOf(input.counts), code: facility.code, to: outcome.toFacility ?? "" },
  });
}

// With JavaScript, a submission the link or the server cannot take is kept on the device and
// sent later (the outbox); without it the form posts as it always did.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

const FORM_ID = "departures-new";

export default function RecordDeparture() {
  const { facility, defaults, timeZone, present, destinations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t, number } = useI18n();
  const schema = departureSchema({ timeZone });
  const { outbox, form, fields } = useFieldForm({ id: FORM_ID, schema: schema, actionData: actionData, defaults, kinds: ["departure"], timeZone });
  // Live figures follow what is typed only once the page is interactive (see the arrival form).
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as Record<string, unknown>;
  const total = totalOf(Object.fromEntries(baseGroups.map((g) => [g, Number(current[g] ?? 0) || 0])) as Counts);
  const kind = (current.kind as string | undefined) ?? defaults.kind;
  const presentHint = (g: keyof Counts) => t("movement.present", { count: number(present[g]) });
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}`, label: t("common.backTo", { place: facility.name }) }}
        title={t("departure.title")}
        intro={t("departure.intro", { facility: `${facility.name} (${facility.code})` })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <QueuedNotice outbox={outbox} formId={FORM_ID} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <fieldset>
          <legend className="text-sm font-medium">{t("departure.kind")}</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {departureKinds.map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name={fields.kind.name} value={k} defaultChecked={defaults.kind === k} className="h-5 w-5" />
                {t(`departure.kind.${k}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField meta={fields.occurredAt} label={t("movement.occurredAt")} hint={t("movement.occurredAtHint")} type="datetime-local" />
          {/* Both fields render without JavaScript; with it, only the one the kind needs. */}
          <SelectField
              className={!hydrated || kind === "transfer" ? undefined : "hidden"}
              meta={fields.toFacility}
              label={t("departure.toFacility")}
              options={[
                { value: "", label: t("departure.toFacilityPlaceholder") },
                ...destinations.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` })),
              ]}
            />
          <TextField
            meta={fields.destination}
            label={t("departure.destination")}
            hint={t("departure.destinationHint")}
            autoComplete="off"
            className={!hydrated || kind === "onward" ? undefined : "hidden"}
          />
        </div>
        <GroupCountFields fields={fields} hint={presentHint} total={total} />
        <TextAreaField meta={fields.notes} label={t("movement.notes")} />
        <RepeatConfirm errors={form.errors} />
        <SubmitButton pending={t("movement.saving")}>{t("movement.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "departure.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
