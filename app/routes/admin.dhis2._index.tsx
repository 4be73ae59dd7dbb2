import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDhis2Settings, listOrgUnits } from "#db/dhis2.server";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { saveOrgUnit, saveSettings } from "~/lib/commands/dhis2.server";
import { getDb } from "~/lib/db.server";
import { periodTypes } from "~/lib/domain/dhis2";
import { describeConnection, dhis2Connection } from "~/lib/dhis2.server";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { intentReply, readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { dhis2SettingsSchema, orgUnitSchema } from "~/lib/schemas/dhis2";
import { readForm } from "~/lib/form-data.server";
import { redirectWithFlash } from "~/lib/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "exchange:manage");
  const db = getDb();
  const [settings, orgUnits] = await Promise.all([getDhis2Settings(db), listOrgUnits(db)]);
  const connection = dhis2Connection();
  return {
    settings,
    orgUnits: orgUnits.map(({ code, name, orgUnit }) => ({ code, name, orgUnit })),
    // Where and how it signs in, never the credentials themselves.
    connection:
      "missing" in connection
        ? { missing: connection.missing, url: "", auth: null }
        : { missing: null, url: describeConnection(connection), auth: connection.auth },
  };
}

const intents = ["settings", "org-unit"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "exchange:manage");
  const formData = await readForm(request);
  const intent = readIntent(formData, intents);
  const actor = formActor(admin, context);
  if (intent === "settings") {
    const submission = parseWithZod(formData, { schema: dhis2SettingsSchema });
    if (submission.status !== "success") return intentReply(intent, submission.reply());
    await saveSettings(getDb(), actor, submission.value);
    return redirectWithFlash("/admin/dhis2", { kind: "success", message: "dhis2.settingsSaved" });
  }
  const submission = parseWithZod(formData, { schema: orgUnitSchema });
  if (submission.status !== "success") return intentReply(intent, submission.reply());
  const outcome = await saveOrgUnit(getDb(), actor, submission.value.facility, submission.value.orgUnit);
  if (outcome.status === "not-found") return intentReply(intent, submission.reply({ fieldErrors: { facility: ["validation.choice"] } }));
  if (outcome.status === "invalid") return intentReply(intent, submission.reply({ fieldErrors: outcome.fieldErrors }));
  return redirectWithFlash("/admin/dhis2", { kind: "success", message: "dhis2.orgUnitSaved", params: { code: submission.value.facility } });
}

function OrgUnitRow({ code, name, orgUnit, lastResult }: { code: string; name: string; orgUnit: string; lastResult: ReturnType<typeof resultFor> }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `org-unit-${code}`,
    lastResult: lastResult?.initialValue?.facility === code ? lastResult : undefined,
    defaultValue: { facility: code, orgUnit },
    constraint: getZodConstraint(orgUnitSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orgUnitSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3 border-t border-slate-200 py-3">
      <input {...getInputProps(fields.facility, { type: "hidden" })} key={fields.facility.key} />
      <p className="min-w-48 font-medium">
        <span className="font-mono">{code}</span> · {name}
      </p>
      <TextField meta={fields.orgUnit} label={t("dhis2.orgUnitOf", { code })} autoComplete="off" />
      <SubmitButton intent="org-unit" pending={t("common.saving")}>
        {t("common.save")}
      </SubmitButton>
    </Form>
  );
}

export default function Dhis2Settings() {
  const { settings, orgUnits, connection } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: "dhis2-settings",
    lastResult: resultFor(actionData, "settings"),
    defaultValue: { dataSet: settings.dataSet, periodType: settings.periodType, scheduled: settings.scheduled ? "on" : undefined },
    constraint: getZodConstraint(dhis2SettingsSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dhis2SettingsSchema }),
  });
  const orgUnitResult = resultFor(actionData, "org-unit");

  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-bold">{t("dhis2.title")}</h1>
      <p className="text-slate-700">{t("dhis2.intro")}</p>
      <nav aria-label={t("dhis2.title")} className="mt-3 flex flex-wrap gap-4 font-semibold">
        <Link to="/admin/dhis2/mappings" className="text-brand-700 underline">{t("dhis2.mappingsTitle")}</Link>
        <Link to="/admin/dhis2/preview" className="text-brand-700 underline">{t("dhis2.previewTitle")}</Link>
        <Link to="/admin/dhis2/log" className="text-brand-700 underline">{t("dhis2.logTitle")}</Link>
      </nav>

      <section aria-labelledby="dhis2-connection" className="mt-6 rounded-lg bg-white p-4 shadow">
        <h2 id="dhis2-connection" className="text-lg font-semibold">{t("dhis2.connection")}</h2>
        {connection.missing ? (
          <p role="status" className="mt-1 text-amber-900">{t(connection.missing)}</p>
        ) : (
          <p className="mt-1">
            {t(connection.auth === "token" ? "dhis2.connectedToken" : "dhis2.connectedBasic", { url: connection.url })}
          </p>
        )}
        <p className="mt-1 text-sm text-slate-600">{t("dhis2.connectionHint")}</p>
      </section>

      <section aria-labelledby="dhis2-settings-title" className="mt-6">
        <h2 id="dhis2-settings-title" className="text-xl font-semibold">{t("dhis2.settingsTitle")}</h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4 rounded-lg bg-white p-6 shadow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.dataSet} label={t("dhis2.dataSet")} hint={t("dhis2.dataSetHint")} autoComplete="off" />
          <SelectField
            meta={fields.periodType}
            label={t("dhis2.periodType")}
            options={periodTypes.map((p) => ({ value: p, label: t(`dhis2.period.${p}`) }))}
          />
          <div>
            <CheckboxField meta={fields.scheduled} label={t("dhis2.scheduled")} />
            <p className="mt-1 text-sm text-slate-600">{t("dhis2.scheduledHint")}</p>
          </div>
          <SubmitButton intent="settings" pending={t("common.saving")}>
            {t("common.save")}
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="dhis2-org-units" className="mt-8">
        <h2 id="dhis2-org-units" className="text-xl font-semibold">{t("dhis2.orgUnitsTitle")}</h2>
        <p className="text-slate-700">{t("dhis2.orgUnitsHint")}</p>
        <div className="mt-3 rounded-lg bg-white px-6 shadow">
          {orgUnits.map((o) => (
            <OrgUnitRow key={o.code} {...o} lastResult={orgUnitResult} />
          ))}
        </div>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dhis2.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
