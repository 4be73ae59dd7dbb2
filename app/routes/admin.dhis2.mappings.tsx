import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { listMappings } from "#db/dhis2.server";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { addMapping, removeMapping } from "~/lib/commands/dhis2.server";
import { getDb } from "~/lib/db.server";
import { detailKindOf, indicatorKinds, populationDetails } from "~/lib/domain/dhis2";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { intentReply, readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { mappingSchema, removeMappingSchema } from "~/lib/schemas/dhis2";
import { readForm } from "~/lib/form-data.server";
import { redirectWithFlash } from "~/lib/session.server";
import { DataTable } from "~/components/ui/data-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "exchange:manage");
  return { mappings: await listMappings(getDb()) };
}

const intents = ["add", "remove"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "exchange:manage");
  const formData = await readForm(request);
  const intent = readIntent(formData, intents);
  const actor = formActor(admin, context);
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: removeMappingSchema });
    if (submission.status !== "success") return intentReply(intent, submission.reply());
    const removed = await removeMapping(getDb(), actor, submission.value.mappingId);
    if (!removed) return redirectWithFlash("/admin/dhis2/mappings", { kind: "error", message: "dhis2.mappingGone" });
    return redirectWithFlash("/admin/dhis2/mappings", { kind: "success", message: "dhis2.mappingRemoved" });
  }
  const submission = parseWithZod(formData, { schema: mappingSchema });
  if (submission.status !== "success") return intentReply(intent, submission.reply());
  const outcome = await addMapping(getDb(), actor, submission.value);
  if (outcome.status === "invalid") return intentReply(intent, submission.reply({ fieldErrors: outcome.fieldErrors }));
  return redirectWithFlash("/admin/dhis2/mappings", { kind: "success", message: "dhis2.mappingAdded" });
}

export default function Dhis2Mappings() {
  const { mappings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: "dhis2-mapping",
    lastResult: resultFor(actionData, "add"),
    constraint: getZodConstraint(mappingSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: mappingSchema }),
  });
  const removing = navigation.formData?.get("intent") === "remove" ? navigation.formData.get("mappingId") : null;
  const describe = (indicator: (typeof indicatorKinds)[number], detail: string) => {
    const kind = detailKindOf(indicator);
    const what = kind === "group" ? t(`group.${detail as (typeof populationDetails)[number]}`) : detail;
    return what ? `${t(`dhis2.indicator.${indicator}`)} · ${what}` : t(`dhis2.indicator.${indicator}`);
  };

  return (
    <div className="max-w-5xl">
      <p>
        <Link to="/admin/dhis2" className="text-brand-700 underline">{t("common.backTo", { place: t("dhis2.title") })}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("dhis2.mappingsTitle")}</h1>
      <p className="text-slate-700">{t("dhis2.mappingsIntro")}</p>

      <DataTable
        className="mt-6"
        isEmpty={mappings.length === 0}
        empty={t("dhis2.noMappings")}
        columns={[
          { label: t("dhis2.indicatorLabel") },
          { label: t("dhis2.dataElement") },
          { label: t("dhis2.categoryOptionCombo") },
          { label: t("common.actions") },
        ]}
      >
        {mappings.map((m) => (
          <tr key={m.id} className="border-t border-slate-200">
            <td className="px-3 py-2">{describe(m.indicator, m.detail)}</td>
            <td className="px-3 py-2 font-mono">{m.dataElement}</td>
            <td className="px-3 py-2 font-mono">{m.categoryOptionCombo || t("dhis2.defaultCombo")}</td>
            <td className="px-3 py-2">
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="mappingId" value={m.id} />
                <button
                  type="submit"
                  aria-label={t("dhis2.removeLabel", { what: describe(m.indicator, m.detail) })}
                  disabled={removing === String(m.id)}
                  className="rounded border border-red-700 px-3 py-1 font-semibold text-red-800 hover:bg-red-50 disabled:cursor-wait disabled:opacity-70"
                >
                  {t("dhis2.remove")}
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </DataTable>

      <section aria-labelledby="dhis2-new-mapping" className="mt-8 max-w-3xl">
        <h2 id="dhis2-new-mapping" className="text-xl font-semibold">{t("dhis2.newMapping")}</h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4 rounded-lg bg-white p-6 shadow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField
            meta={fields.indicator}
            label={t("dhis2.indicatorLabel")}
            options={indicatorKinds.map((k) => ({ value: k, label: t(`dhis2.indicator.${k}`) }))}
          />
          <TextField
            meta={fields.detail}
            label={t("dhis2.detail")}
            hint={t("dhis2.detailHint", { groups: populationDetails.join(", ") })}
            autoComplete="off"
          />
          <TextField meta={fields.dataElement} label={t("dhis2.dataElement")} hint={t("dhis2.codeHint")} autoComplete="off" />
          <TextField meta={fields.categoryOptionCombo} label={t("dhis2.categoryOptionCombo")} hint={t("dhis2.comboHint")} autoComplete="off" />
          <SubmitButton intent="add" pending={t("common.saving")}>
            {t("dhis2.addMapping")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dhis2.mappingsTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
