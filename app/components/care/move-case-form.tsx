// Moving a case with the person to another facility of the network.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton } from "~/components/form";
import { useI18n } from "~/lib/i18n";
import { moveCaseSchema } from "~/lib/schemas/care";
import { sectionClass } from "./section";

export function MoveCaseForm({
  destinations,
  lastResult,
}: {
  destinations: { code: string; name: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: "move-case",
    lastResult,
    constraint: getZodConstraint(moveCaseSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveCaseSchema }),
  });
  return (
    <section aria-labelledby="move-title" className={sectionClass}>
      <h2 id="move-title" className="text-lg font-semibold">
        {t("care.moveTitle")}
      </h2>
      <p className="text-sm text-slate-700">{t("care.moveHint")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.toFacility}
          label={t("care.destination")}
          options={[
            { value: "", label: t("care.destinationPlaceholder") },
            ...destinations.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` })),
          ]}
          className="w-72"
        />
        <SubmitButton intent="move" pending={t("care.saving")}>
          {t("care.move")}
        </SubmitButton>
      </Form>
    </section>
  );
}
