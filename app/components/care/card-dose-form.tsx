// The case page's form for a dose given elsewhere, copied from a home card or another country's
// record ("desde carné"): no stock moves; the dose counts in the schedule. Without JavaScript it
// posts as any form; with it, a submission the link cannot take waits in the outbox.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { QueuedNotice } from "~/components/outbox-notice";
import { useI18n } from "~/lib/i18n";
import type { EditGone, Queued } from "~/lib/outbox/client";
import { useFieldForm } from "~/lib/outbox/field-form";
import { cardDoseSchema } from "~/lib/schemas/vaccination";
import { sectionClass } from "./section";

export interface CardDoseFormProps {
  /** The catalogue's vaccines, named in the user's language. */
  vaccines: { code: string; name: string }[];
  /** Countries, named and ordered in the user's language by the server. */
  countries: { code: string; name: string }[];
  today: string;
  birthDate: string | null;
  idempotencyKey: string;
  lastResult: SubmissionResult<string[]> | undefined;
  outbox: Queued | EditGone | undefined;
}

export function CardDoseForm({ vaccines, countries, today, birthDate, idempotencyKey, lastResult, outbox: outboxResult }: CardDoseFormProps) {
  const { t } = useI18n();
  const schema = cardDoseSchema({ today, birthDate });
  const { outbox, form, fields } = useFieldForm({
    id: "card-dose",
    schema,
    actionData: outboxResult ?? lastResult,
    defaults: { idempotencyKey, doseNumber: "1" },
    kinds: ["cardDose"],
  });
  return (
    <section aria-labelledby="card-dose-title" className={sectionClass}>
      <h2 id="card-dose-title" className="text-lg font-semibold">
        {t("vaccination.card.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("vaccination.card.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
        <QueuedNotice outbox={outbox} formId={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.idempotencyKey.name} value={outbox.key} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            meta={fields.vaccine}
            label={t("vaccination.vaccine")}
            options={[{ value: "", label: t("vaccination.chooseVaccine") }, ...vaccines.map((v) => ({ value: v.code, label: `${v.name} (${v.code})` }))]}
          />
          <TextField meta={fields.doseNumber} label={t("vaccination.doseNumber")} type="number" inputMode="numeric" className="max-w-[10rem]" />
          <TextField meta={fields.givenOn} label={t("vaccination.card.givenOn")} type="date" className="max-w-xs" />
          <SelectField
            meta={fields.country}
            label={t("vaccination.card.country")}
            options={[{ value: "", label: t("vaccination.card.chooseCountry") }, ...countries.map((c) => ({ value: c.code, label: c.name }))]}
          />
          <TextField meta={fields.place} label={t("vaccination.card.place")} autoComplete="off" />
          <TextField meta={fields.lotNumber} label={t("vaccination.card.lotNumber")} autoComplete="off" />
        </div>
        <SubmitButton intent="cardDose" pending={t("care.saving")}>
          {t("vaccination.card.save")}
        </SubmitButton>
      </Form>
    </section>
  );
}
