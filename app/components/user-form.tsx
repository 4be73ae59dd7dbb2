import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { CheckboxField, CheckboxGroup, FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { locales, useI18n } from "~/lib/i18n";
import { roles } from "~/lib/permissions";
import { userCreateSchema, userUpdateSchema } from "~/lib/schemas/user";

export interface UserFormDefaults {
  email?: string;
  displayName?: string;
  role?: string;
  preferredLanguage?: string;
  active?: boolean;
  facilities?: string[];
}

export function UserForm({
  mode,
  lastResult,
  defaultValue,
  facilities,
}: {
  mode: "create" | "update";
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: UserFormDefaults;
  facilities: { code: string; name: string }[];
}) {
  const { t } = useI18n();
  const schema = mode === "create" ? userCreateSchema : userUpdateSchema;
  const [form, fields] = useForm<z.input<typeof userCreateSchema> & { active?: boolean }>({
    lastResult,
    defaultValue: {
      role: "manager",
      preferredLanguage: "es",
      ...defaultValue,
      active: defaultValue?.active === false ? undefined : true,
    },
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // One shape serves both modes: the update form has no email and an optional password.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: schema as typeof userCreateSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-6 rounded-lg bg-white p-6 shadow">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-4 md:grid-cols-2">
        {mode === "create" ? (
          <TextField meta={fields.email} label={t("user.email")} type="email" autoComplete="off" />
        ) : null}
        <TextField meta={fields.displayName} label={t("user.displayName")} autoComplete="off" />
        <SelectField
          meta={fields.role}
          label={t("user.role")}
          options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        />
        <SelectField
          meta={fields.preferredLanguage}
          label={t("user.preferredLanguage")}
          options={locales.map((code) => ({ value: code, label: t(`language.${code}`) }))}
        />
        <TextField
          meta={fields.password}
          label={t("user.password")}
          type="password"
          autoComplete="new-password"
          hint={mode === "create" ? t("users.passwordNewHint") : t("users.passwordHint")}
        />
      </div>
      <CheckboxGroup
        meta={fields.facilities}
        legend={t("user.facilities")}
        options={facilities.map((f) => ({ value: f.code, label: `${f.code} · ${f.name}` }))}
      />
      {mode === "update" ? <CheckboxField meta={fields.active} label={t("user.active")} /> : null}
      <SubmitButton pending={t("common.saving")}>{t("common.save")}</SubmitButton>
    </Form>
  );
}
