import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { useI18n } from "~/lib/i18n";
import { facilityCreateSchema, facilityKinds, facilityStatuses, facilityUpdateSchema } from "~/lib/schemas/facility";

export interface FacilityFormValues {
  code?: string;
  name: string;
  kind: string;
  region: string;
  latitude: number | null;
  longitude: number | null;
  beds: number;
  coveredAreaM2: number;
  waterLitresPerDay: number;
  toilets: number;
  sanitationFirstPhase?: boolean;
  status: string;
  notes: string;
}

export function FacilityForm({
  mode,
  lastResult,
  defaultValue,
}: {
  mode: "create" | "update";
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<FacilityFormValues>;
}) {
  const { t } = useI18n();
  const schema = mode === "create" ? facilityCreateSchema : facilityUpdateSchema;
  const [form, fields] = useForm<z.input<typeof facilityCreateSchema>, z.output<typeof facilityCreateSchema>>({
    lastResult,
    defaultValue: toFormValues(defaultValue),
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // The update schema is the create schema without the code; one shape serves both.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: schema as typeof facilityCreateSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-6 rounded-lg bg-white p-6 shadow">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-4 md:grid-cols-2">
        {mode === "create" ? (
          <TextField meta={fields.code} label={t("facility.code")} hint={t("facility.codeHint")} autoComplete="off" />
        ) : null}
        <TextField meta={fields.name} label={t("facility.name")} autoComplete="off" />
        <SelectField
          meta={fields.kind}
          label={t("facility.kind")}
          options={facilityKinds.map((kind) => ({ value: kind, label: t(`facilityKind.${kind}`) }))}
        />
        <TextField meta={fields.region} label={t("facility.region")} autoComplete="off" />
        <TextField meta={fields.latitude} label={t("facility.latitude")} type="number" step="any" inputMode="decimal" />
        <TextField meta={fields.longitude} label={t("facility.longitude")} type="number" step="any" inputMode="decimal" />
        <SelectField
          meta={fields.status}
          label={t("facility.status")}
          options={facilityStatuses.map((status) => ({ value: status, label: t(`facilityStatus.${status}`) }))}
        />
      </div>
      <fieldset className="grid gap-4 md:grid-cols-4">
        <legend className="mb-2 text-lg font-semibold">{t("facility.capacityInputs")}</legend>
        <TextField meta={fields.beds} label={t("facility.beds")} type="number" inputMode="numeric" />
        <TextField meta={fields.coveredAreaM2} label={t("facility.coveredAreaM2")} type="number" step="any" inputMode="decimal" />
        <TextField meta={fields.waterLitresPerDay} label={t("facility.waterLitresPerDay")} type="number" inputMode="numeric" />
        <TextField meta={fields.toilets} label={t("facility.toilets")} type="number" inputMode="numeric" />
        <CheckboxField
          meta={fields.sanitationFirstPhase}
          label={t("facility.sanitationFirstPhase")}
          className="md:col-span-4"
        />
      </fieldset>
      <TextAreaField meta={fields.notes} label={t("facility.notes")} />
      <SubmitButton pending={t("common.saving")}>{t("common.save")}</SubmitButton>
    </Form>
  );
}

function toFormValues(values: Partial<FacilityFormValues> | undefined): Record<string, string> | undefined {
  if (!values) return { kind: "reception_station", status: "open", beds: "0", coveredAreaM2: "0", waterLitresPerDay: "0", toilets: "0" };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    // A checked checkbox submits "on"; an unchecked one submits nothing.
    if (typeof value === "boolean") {
      if (value) out[key] = "on";
    } else out[key] = value == null ? "" : String(value);
  }
  return out;
}
