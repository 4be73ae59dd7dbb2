import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getScenario } from "#db/planning.server";
import { ChangeForm, ScenarioChanges, ScenarioComparisonTables, formKey } from "~/components/planning/scenario";
import { PlanFreshness } from "~/components/planning/plan-freshness";
import { notFound, requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { editScenario, type ScenarioEdit } from "~/lib/commands/scenarios.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { intentReply, readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { scenarioComparison } from "~/lib/plan-views.server";
import { changeSchemas, scenarioArchiveSchema, scenarioRemoveSchema, scenarioRenameSchema, toScenarioChange } from "~/lib/schemas/planning";
import { redirectWithFlash } from "~/lib/session.server";
import { idOf } from "~/lib/schemas/common";
import { readForm } from "~/lib/form-data.server";

function scenarioId(raw: string | undefined): number {
  return idOf(raw) ?? notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "planning:view");
  const db = getDb();
  const scenario = await getScenario(db, scenarioId(params.id));
  if (!scenario) notFound();
  return {
    ...(await scenarioComparison(db, scenario)),
    canEdit: can(user.role, "planning:scenarios") && !scenario.archived,
    // New on every load: each form posts it under its own name (formKey), and the command applies
    // a key once, so Back and resubmit does not add the same change twice.
    idempotencyKey: crypto.randomUUID(),
  };
}

const intents = ["rename", "archive", "remove-change", "add-surge", "add-closure", "add-divert", "add-scale"] as const;
const schemas = { rename: scenarioRenameSchema, archive: scenarioArchiveSchema, "remove-change": scenarioRemoveSchema, ...changeSchemas };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "planning:scenarios");
  const db = getDb();
  const scenario = await getScenario(db, scenarioId(params.id));
  if (!scenario || scenario.archived) notFound();
  const formData = await readForm(request);
  const intent = readIntent(formData, intents);
  const submission = parseWithZod(formData, { schema: schemas[intent] });
  if (submission.status !== "success") return intentReply(intent, submission.reply());
  const value = submission.value;
  const edit: ScenarioEdit =
    value.intent === "rename"
      ? { kind: "rename", name: value.name, description: value.description }
      : value.intent === "archive"
        ? { kind: "archive" }
        : value.intent === "remove-change"
          ? { kind: "remove-change", index: value.index }
          : { kind: "add-change", change: toScenarioChange(value) };
  const outcome = await editScenario(db, formActor(user, context), scenario.id, edit, value.idempotencyKey);
  if (outcome.status === "missing") notFound();
  if (outcome.status === "invalid") return intentReply(intent, submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }));
  if (intent === "archive") {
    return redirectWithFlash("/planning/scenarios", { kind: "success", message: "planning.scenario.archived", params: { name: scenario.name } });
  }
  return redirectWithFlash(`/planning/scenarios/${scenario.id}`, { kind: "success", message: "planning.scenario.saved" });
}

export default function ScenarioPage() {
  const data = useLoaderData<typeof loader>();
  const { scenario, notes, facilities, today, canEdit, freshness, idempotencyKey } = data;
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{scenario.name}</h1>
        {scenario.description ? <p className="text-slate-700">{scenario.description}</p> : null}
        <PlanFreshness freshness={freshness} className="mt-2" />
        <p className="text-sm">
          <Link to="/planning/scenarios" className="text-brand-700 underline">
            {t("planning.scenarios.title")}
          </Link>{" "}
          ·{" "}
          <Link to={`/planning?scenario=${scenario.id}`} className="text-brand-700 underline">
            {t("planning.scenario.onDashboard")}
          </Link>
        </p>
      </div>

      <ScenarioChanges changes={scenario.changes} notes={notes} facilities={facilities} canEdit={canEdit} pageKey={idempotencyKey} />

      <ScenarioComparisonTables data={data} />

      {canEdit ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading" className="text-xl font-bold">
            {t("planning.scenario.addChange")}
          </h2>
          <div className="mt-2 grid gap-4 md:grid-cols-2">
            {(["add-surge", "add-closure", "add-divert", "add-scale"] as const).map((intent) => (
              <ChangeForm key={intent} intent={intent} today={today} facilities={facilities} pageKey={idempotencyKey} />
            ))}
          </div>
          <Form method="post" className="mt-6">
            <input type="hidden" name="idempotencyKey" value={formKey(idempotencyKey, "archive")} />
            <button type="submit" name="intent" value="archive" className="rounded border border-red-800 px-3 py-2 text-red-800">
              {t("planning.scenario.archive")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "planning.scenario.title", data ? { name: data.scenario.name } : undefined);

export { ErrorBoundary } from "~/components/route-error-boundary";
