// The case page's two encounter forms (one shows, by whether the case is pregnant). The class,
// ration and anaemia flags follow what is typed; the server recomputes them on save (domain/care).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CheckboxField, CheckboxGroup, FormErrors, SubmitButton, TextAreaField, TextField } from "~/components/form";
import {
  ageInMonths,
  anaemiaInPregnancy,
  childDangerSigns,
  gestationalWeeks,
  muacClass,
  pregnancyDangerSigns,
  rutfSachetsPerDay,
  trimester,
} from "~/lib/domain/care";
import { QueuedNotice } from "~/components/outbox-notice";
import { useI18n } from "~/lib/i18n";
import type { EditGone, Queued } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { antenatalEncounterSchema, childEncounterSchema } from "~/lib/schemas/care";
import { useHydrated } from "~/lib/use-hydrated";
import { sectionClass } from "./section";

interface EncounterFormProps {
  today: string;
  timeZone: string;
  idempotencyKey: string;
  occurredAt: string;
  lastResult: SubmissionResult<string[]> | undefined;
  /** The outbox's answer when this form's submission was kept on the device. */
  outbox: Queued | EditGone | undefined;
}

export function ChildEncounterForm({
  birthDate,
  today,
  timeZone,
  idempotencyKey,
  occurredAt,
  lastResult: serverResult,
  outbox: outboxResult,
}: EncounterFormProps & { birthDate: string | null }) {
  const { t, number } = useI18n();
  const schema = childEncounterSchema({ timeZone });
  const { outbox, form, fields } = useFieldForm({
    id: "child-encounter",
    schema,
    actionData: outboxResult ?? serverResult,
    defaults: { idempotencyKey, occurredAt },
    kinds: ["childEncounter"],
    timeZone,
  });
  // The class follows what is typed only once the page is interactive, so the server's
  // rendering is reproduced exactly on hydration.
  const hydrated = useHydrated();
  const current = (hydrated ? form.value ?? {} : {}) as Record<string, unknown>;
  const months = birthDate ? ageInMonths(birthDate, today) : null;
  const muacText = String(current.muacMm ?? "");
  const muac = muacText !== "" && Number.isFinite(Number(muacText)) ? Number(muacText) : null;
  const oedema = current.oedema === "on" || current.oedema === true;
  const liveClass = hydrated && months !== null ? muacClass(muac, oedema, months) : null;
  const weightText = String(current.weightKg ?? "");
  const weight = weightText !== "" && Number.isFinite(Number(weightText)) ? Number(weightText) : null;
  const sachets = liveClass === "sam" && weight !== null ? rutfSachetsPerDay(weight) : null;
  const classStyle =
    liveClass === "sam" ? "bg-red-100 text-red-900" : liveClass === "mam" ? "bg-amber-100 text-amber-950" : "bg-green-100 text-green-900";
  return (
    <section aria-labelledby="child-title" className={sectionClass}>
      <h2 id="child-title" className="text-lg font-semibold">
        {t("care.childEncounter")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <QueuedNotice outbox={outbox} formId={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <TextField meta={fields.occurredAt} label={t("care.occurredAt")} type="datetime-local" className="max-w-xs" />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.weightKg} label={t("care.weightKg")} type="number" step="0.1" inputMode="decimal" />
          <TextField meta={fields.heightCm} label={t("care.heightCm")} type="number" step="0.1" inputMode="decimal" />
          <TextField
            meta={fields.muacMm}
            label={t("care.muacMm")}
            type="number"
            inputMode="numeric"
            hint={months !== null && (months < 6 || months >= 60) ? t("care.muacAgeHint") : undefined}
          />
        </div>
        <CheckboxField meta={fields.oedema} label={t("care.oedemaField")} />
        <p aria-live="polite" className="text-sm font-medium">
          {liveClass ? (
            <span className={`rounded px-2 py-1 ${classStyle}`}>{t(`care.nutrition.${liveClass}`)}</span>
          ) : (
            t("care.muacClassHint")
          )}
          {sachets !== null ? ` · ${t("care.rutfSuggested", { sachets: number(sachets) })}` : ""}
        </p>
        <CheckboxGroup
          meta={fields.dangerSigns}
          legend={t("care.dangerSigns")}
          options={childDangerSigns.map((s) => ({ value: s, label: t(`care.childSign.${s}`) }))}
        />
        <TextAreaField meta={fields.notes} label={t("care.notes")} />
        <SubmitButton intent="child" pending={t("care.saving")}>
          {t("care.saveEncounter")}
        </SubmitButton>
      </Form>
    </section>
  );
}

export function AntenatalEncounterForm({
  lastMenstrualPeriod,
  today,
  timeZone,
  idempotencyKey,
  occurredAt,
  lastResult: serverResult,
  outbox: outboxResult,
}: EncounterFormProps & { lastMenstrualPeriod: string | null }) {
  const { t } = useI18n();
  const schema = antenatalEncounterSchema({ timeZone, today });
  const weeksToday = lastMenstrualPeriod ? gestationalWeeks(lastMenstrualPeriod, today) : null;
  const { outbox, form, fields } = useFieldForm({
    id: "antenatal-encounter",
    schema,
    actionData: outboxResult ?? serverResult,
    defaults: {
      idempotencyKey,
      occurredAt,
      gestationalWeeks: weeksToday !== null && weeksToday > 0 && weeksToday <= 44 ? String(weeksToday) : "",
    },
    kinds: ["antenatalEncounter"],
    timeZone,
  });
  const hydrated = useHydrated();
  const current = (hydrated ? form.value ?? {} : {}) as Record<string, unknown>;
  const hb = Number(current.haemoglobinGL ?? "");
  const weeks = Number(current.gestationalWeeks ?? "");
  const showFlag = hydrated && String(current.haemoglobinGL ?? "") !== "" && hb > 0 && weeks > 0;
  const anaemic = showFlag ? anaemiaInPregnancy(hb, weeks) : false;
  return (
    <section aria-labelledby="antenatal-title" className={sectionClass}>
      <h2 id="antenatal-title" className="text-lg font-semibold">
        {t("care.antenatalEncounter")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <QueuedNotice outbox={outbox} formId={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <TextField meta={fields.occurredAt} label={t("care.occurredAt")} type="datetime-local" className="max-w-xs" />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.gestationalWeeks} label={t("care.gestationalWeeks")} type="number" inputMode="numeric" />
          <TextField meta={fields.systolic} label={t("care.systolic")} type="number" inputMode="numeric" />
          <TextField meta={fields.diastolic} label={t("care.diastolic")} type="number" inputMode="numeric" />
          <TextField meta={fields.haemoglobinGL} label={t("care.haemoglobin")} type="number" inputMode="numeric" />
          <TextField meta={fields.contactNumber} label={t("care.contactNumber")} type="number" inputMode="numeric" />
          <TextField meta={fields.nextContactDate} label={t("care.nextContactDate")} type="date" />
        </div>
        <p aria-live="polite" className="text-sm font-medium">
          {showFlag ? (
            <span className={`rounded px-2 py-1 ${anaemic ? "bg-red-100 text-red-900" : "bg-green-100 text-green-900"}`}>
              {anaemic ? t("care.anaemiaFlag", { trimester: trimester(weeks) }) : t("care.noAnaemiaFlag", { trimester: trimester(weeks) })}
            </span>
          ) : (
            t("care.anaemiaHint")
          )}
        </p>
        <div className="flex flex-wrap gap-6">
          <CheckboxField meta={fields.tdGiven} label={t("care.tdGivenField")} />
          <CheckboxField meta={fields.ironFolicGiven} label={t("care.ironFolicField")} />
        </div>
        <CheckboxGroup
          meta={fields.dangerSigns}
          legend={t("care.dangerSigns")}
          options={pregnancyDangerSigns.map((s) => ({ value: s, label: t(`care.pregnancySign.${s}`) }))}
        />
        <TextAreaField meta={fields.notes} label={t("care.notes")} />
        <SubmitButton intent="antenatal" pending={t("care.saving")}>
          {t("care.saveEncounter")}
        </SubmitButton>
      </Form>
    </section>
  );
}
