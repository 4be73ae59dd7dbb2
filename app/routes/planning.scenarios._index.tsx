import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listScenarios } from "#db/planning.server";
import { FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { createScenario } from "~/lib/commands/scenarios.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { scenarioCreateSchema } from "~/lib/schemas/planning";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "planning:view");
  const rows = await listScenarios(getDb());
  return {
    canEdit: can(user.role, "planning:scenarios"),
    // A fresh key on every load: the same form sent twice creates one scenario.
    idempotencyKey: crypto.randomUUID(),
    scenarios: rows.map((s) => ({ id: s.id, name: s.name, description: s.description, changes: s.changes.length, updatedAt: s.updatedAt.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "planning:scenarios");
  const submission = parseWithZod(await readForm(request), { schema: scenarioCreateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { idempotencyKey, ...input } = submission.value;
  const id = await createScenario(getDb(), formActor(user, context), { name: input.name, description: input.description }, idempotencyKey);
  return redirectWithFlash(`/planning/scenarios/${id}`, { kind: "success", message: "planning.scenario.created", params: { name: submission.value.name } });
}

export default function Scenarios() {
  const { scenarios, canEdit, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, dateTime, number } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(scenarioCreateSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: scenarioCreateSchema }),
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("planning.scenarios.title")}</h1>
        <p className="text-slate-700">{t("planning.scenarios.intro")}</p>
        <Link to="/planning" className="text-sm text-brand-700 underline">
          {t("planning.back")}
        </Link>
      </div>
      {scenarios.length === 0 ? (
        <p>{t("planning.scenarios.none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow">
          {scenarios.map((s) => (
            <li key={s.id} className="px-4 py-3">
              <Link to={`/planning/scenarios/${s.id}`} className="font-semibold text-brand-700 underline">
                {s.name}
              </Link>
              <p className="text-sm text-slate-700">
                {t("planning.scenarios.summary", { changes: number(s.changes), updated: dateTime(s.updatedAt) })}
              </p>
              {s.description ? <p className="text-sm">{s.description}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-3 rounded-lg bg-white p-4 shadow">
          <h2 className="text-lg font-bold">{t("planning.scenarios.new")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <TextField meta={fields.name} label={t("planning.scenarios.name")} />
          <TextAreaField meta={fields.description} label={t("planning.scenarios.description")} />
          <SubmitButton intent="create" pending={t("planning.saving")}>
            {t("planning.scenarios.create")}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "planning.scenarios.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
