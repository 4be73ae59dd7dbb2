import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getEntry } from "#db/census.server";
import { FormErrors, SubmitButton, TextField } from "~/components/form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { reverseEntry } from "~/lib/commands/reverse-entry.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { messageWithParams, translate, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loadRecordingForm } from "~/lib/movement.server";
import { reversalSchema } from "~/lib/schemas/movement";
import { redirectWithFlash } from "~/lib/session.server";
import { idOf, MAX_BIG_ID } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";

function entryId(param: string | undefined): number {
  return idOf(param, MAX_BIG_ID) ?? notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const form = await loadRecordingForm(request, context, params.code);
  const entry = await getEntry(getDb(), form.facility.id, entryId(params.id));
  if (!entry) notFound();
  return {
    facility: { code: form.facility.code, name: form.facility.name },
    entry: {
      id: entry.id,
      kind: entry.kind,
      occurredAt: entry.occurredAt,
      total: entry.total,
      groups: allGroups.filter((g) => entry[g] > 0).map((g) => ({ group: g, count: entry[g] })),
    },
    idempotencyKey: form.defaults.idempotencyKey,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "population:record");
  const id = entryId(params.id);
  const submission = parseWithZod(await readForm(request), { schema: reversalSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { reason, idempotencyKey } = submission.value;
  const outcome = await reverseEntry(getDb(), formActor(user, context), { facilityId: facility.id, entryId: id, reason }, idempotencyKey);
  if (outcome.status === "not-found") notFound();
  if (outcome.status === "refused") return data(submission.reply({ formErrors: outcome.formErrors }), { status: 409 });
  if (outcome.status === "would-go-negative") {
    // A shortfall names the group and how many are present; a subgroup problem names the subgroup.
    const detail = outcome.groups
      .map((g) => (g.present === null ? g.group : `${translate(user.preferredLanguage, `group.${g.group}`)}: ${g.present}`))
      .join(", ");
    return data(submission.reply({ formErrors: [messageWithParams("reverse.wouldGoNegative", { detail })] }), { status: 409 });
  }
  return redirectWithFlash(`/facilities/${facility.code}/entries`, { kind: "success", message: "reverse.done", params: { id } });
}

export default function ReverseEntry() {
  const { facility, entry, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, dateTime, number } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(reversalSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reversalSchema }),
  });
  return (
    <div className="max-w-2xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/entries`, label: t("common.backTo", { place: t("entries.title", { facility: facility.name }) }) }}
        title={t("reverse.title", { id: entry.id })}
        intro={t("reverse.intro")}
      />
      <dl className="mt-4 grid grid-cols-2 gap-2 rounded-lg bg-white p-4 shadow">
        <dt className="font-medium">{t("entries.kind")}</dt>
        <dd>{t(`entryKind.${entry.kind}`)}</dd>
        <dt className="font-medium">{t("entries.when")}</dt>
        <dd>{dateTime(entry.occurredAt)}</dd>
        {entry.groups.map((g) => (
          <div key={g.group} className="contents">
            <dt>{t(`group.${g.group}`)}</dt>
            <dd className="tabular-nums">{number(g.count)}</dd>
          </div>
        ))}
        <dt className="font-medium">{t("group.total")}</dt>
        <dd className="font-semibold tabular-nums">{number(entry.total)}</dd>
      </dl>
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4 rounded-lg bg-white p-4 shadow">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <TextField meta={fields.reason} label={t("reverse.reason")} autoComplete="off" />
        <SubmitButton pending={t("movement.saving")}>{t("reverse.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reverse.title", { id: "" });

export { ErrorBoundary } from "~/components/route-error-boundary";
