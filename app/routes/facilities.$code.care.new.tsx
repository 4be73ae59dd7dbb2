import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { caseRegistrationFromForm, registerCareCase } from "~/lib/commands/register-case.server";
import { getDb } from "~/lib/db.server";
import { dueDateFromLmp, lmpFromGestationalAge } from "~/lib/domain/care";
import { countryCodes, countryName } from "~/lib/domain/countries";
import { intlTag, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { dayOf } from "~/lib/time.server";
import { birthModes, pregnancyModes, registerCaseSchema, sexes } from "~/lib/schemas/care";
import { redirectWithFlash } from "~/lib/session.server";
import { useHydrated } from "~/lib/use-hydrated";
import { readForm } from "~/lib/form-data.server";
import { PageHeader } from "~/components/ui/page-header";
import { useSchemaForm } from "~/lib/use-schema-form";


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const today = dayOf(new Date());
  const locale = user.preferredLanguage;
  return {
    facility: { code: facility.code, name: facility.name },
    today,
    // Country names and their order come from the server, so the page renders the same in the browser.
    countryOptions: countryCodes
      .map((code) => ({ code, name: countryName(code, intlTag(locale)) }))
      .sort((a, b) => a.name.localeCompare(b.name, intlTag(locale))),
    defaults: {
      idempotencyKey: randomUUID(),
      sex: "female",
      birthMode: "date",
      pregnancyMode: "lmp",
      arrivalDate: today,
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const today = dayOf(new Date());
  const submission = parseWithZod(await readForm(request), { schema: registerCaseSchema({ today }) });
  if (submission.status !== "success") return data({ result: submission.reply(), duplicates: [] }, { status: 400 });
  const v = submission.value;
  const outcome = await registerCareCase(getDb(), formActor(user, context), caseRegistrationFromForm(facility.id, today, v), v.idempotencyKey, {
    confirmed: v.intent === "confirm",
  });
  // Possible duplicates are shown with a button to register anyway (intent "confirm").
  if (outcome.status === "similar") return data({ result: submission.reply(), duplicates: outcome.similar }, { status: 409 });
  return redirectWithFlash(`/facilities/${facility.code}/care/${outcome.code}`, {
    kind: "success",
    message: "care.registered",
    params: { code: outcome.code },
  });
}

export default function RegisterCase() {
  const { facility, defaults, today, countryOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, day } = useI18n();
  const schema = registerCaseSchema({ today });
  const [form, fields] = useSchemaForm({ schema, lastResult: actionData?.result, defaults });
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as Record<string, unknown>;
  // The due date shown as the worker types (after hydration only, so that server and browser agree).
  let liveDue: string | null = null;
  if (hydrated && current.pregnant) {
    const lmp = String(current.lastMenstrualPeriod ?? "");
    const weeks = Number(current.gestationalWeeks ?? "");
    if ((current.pregnancyMode ?? "lmp") === "lmp" && /^\d{4}-\d{2}-\d{2}$/.test(lmp)) liveDue = dueDateFromLmp(lmp);
    else if (current.pregnancyMode === "weeks" && Number.isInteger(weeks) && weeks > 0 && weeks <= 44) {
      liveDue = dueDateFromLmp(lmpFromGestationalAge(weeks, today));
    }
  }
  const duplicates = actionData?.duplicates ?? [];
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/care`, label: t("care.backToCases") }}
        title={t("care.registerTitle")}
        intro={t("care.registerIntro", { facility: `${facility.name} (${facility.code})` })}
      />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-6 rounded-lg bg-white p-4 shadow sm:p-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={defaults.idempotencyKey} />
        {duplicates.length > 0 ? (
          <section role="alert" className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-amber-950">
            <h2 className="font-semibold">{t("care.duplicatesTitle")}</h2>
            <p className="text-sm">{t("care.duplicatesIntro")}</p>
            <ul className="mt-2 list-disc pl-5 text-sm">
              {duplicates.map((d) => (
                <li key={d.code}>
                  <Link to={`/facilities/${facility.code}/care/${d.code}`} className="font-mono text-brand-700 underline">
                    {d.code}
                  </Link>{" "}
                  {d.name || t("care.noName")}
                  {d.birthDate ? ` · ${t("care.born", { date: day(d.birthDate) })}` : ""} · {t("care.arrived", { date: day(d.arrivalDate) })}
                </li>
              ))}
            </ul>
            <div className="mt-3">
              <SubmitButton intent="confirm" pending={t("care.saving")}>
                {t("care.registerAnyway")}
              </SubmitButton>
            </div>
          </section>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField meta={fields.name} label={t("care.nameOptional")} autoComplete="off" />
          <TextField meta={fields.documentNumber} label={t("care.documentOptional")} autoComplete="off" />
          <SelectField meta={fields.sex} label={t("care.sex")} options={sexes.map((s) => ({ value: s, label: t(`care.sex.${s}`) }))} />
          <SelectField
            meta={fields.nationality}
            label={t("care.nationality")}
            placeholder={t("care.nationalityUnknown")}
            options={countryOptions.map((c) => ({ value: c.code, label: c.name }))}
          />
        </div>
        <fieldset className="space-y-3">
          <legend className="text-lg font-semibold">{t("care.birth")}</legend>
          <SelectField
            meta={fields.birthMode}
            label={t("care.birthMode")}
            options={birthModes.map((m) => ({ value: m, label: t(`care.birthMode.${m}`) }))}
            className="max-w-xs"
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField meta={fields.birthDate} label={t("care.birthDate")} type="date" />
            <TextField meta={fields.ageYears} label={t("care.ageYearsField")} type="number" inputMode="numeric" />
            <TextField meta={fields.ageMonths} label={t("care.ageMonthsField")} type="number" inputMode="numeric" />
          </div>
          <p className="text-sm text-slate-700">{t("care.birthHint")}</p>
        </fieldset>
        {/* Pregnancy is asked of women and girls only: once JavaScript runs, the questions follow
            the sex chosen (without it they stay, and the server refuses them for anyone else). */}
        {!hydrated || current.sex === "female" ? (
          <fieldset className="space-y-3">
            <legend className="text-lg font-semibold">{t("care.pregnancy")}</legend>
            <CheckboxField meta={fields.pregnant} label={t("care.pregnant")} />
            <SelectField
              meta={fields.pregnancyMode}
              label={t("care.pregnancyMode")}
              options={pregnancyModes.map((m) => ({ value: m, label: t(`care.pregnancyMode.${m}`) }))}
              className="max-w-xs"
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField meta={fields.lastMenstrualPeriod} label={t("care.lmp")} type="date" />
              <TextField meta={fields.gestationalWeeks} label={t("care.gestationalWeeks")} type="number" inputMode="numeric" />
            </div>
            <p className="text-sm font-medium" aria-live="polite">
              {liveDue ? t("care.dueDateLive", { date: day(liveDue) }) : t("care.dueDateHint")}
            </p>
          </fieldset>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField meta={fields.familyGroup} label={t("care.familyGroup")} hint={t("care.familyGroupHint")} autoComplete="off" />
          <TextField meta={fields.arrivalDate} label={t("care.arrivalDate")} type="date" />
        </div>
        <SubmitButton pending={t("care.saving")}>{t("care.registerSave")}</SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "care.registerTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
