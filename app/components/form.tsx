import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "~/lib/i18n";
import { buttonClass, type ButtonVariant } from "~/components/ui/button";
import { FieldErrors } from "~/components/ui/field-error";

// Fields are rendered from schemas whose value types vary (strings, numbers, lists), and the
// components only read ids, names and errors, so they accept any field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, any>;

const inputClass =
  "mt-1 block min-h-11 w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

function describedBy(meta: AnyField, hint?: ReactNode) {
  const ids = [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

type InputType = "text" | "email" | "password" | "number" | "date" | "datetime-local" | "search";

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
  step,
  className,
}: {
  meta: AnyField;
  label: string;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "email" | "text";
  step?: string;
  className?: string;
}) {
  const props = getInputProps(meta, { type, ariaDescribedBy: describedBy(meta, hint) });
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} step={step} className={inputClass} />
      {hint ? (
        <p id={`${meta.id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({
  meta,
  label,
  className,
}: {
  meta: AnyField;
  label: string;
  className?: string;
}) {
  const props = getTextareaProps(meta, { ariaDescribedBy: describedBy(meta) });
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea {...props} key={props.key} rows={3} className={inputClass} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Kept here with the other fields; it lives in the UI primitives (app/components/ui/select-field.tsx). */
export { SelectField } from "~/components/ui/select-field";

export function CheckboxField({
  meta,
  label,
  className,
}: {
  meta: AnyField;
  label: string;
  className?: string;
}) {
  const props = getInputProps(meta, { type: "checkbox", ariaDescribedBy: describedBy(meta) });
  return (
    <div className={className}>
      <div className="flex items-center gap-2">
        <input {...props} key={props.key} className="h-5 w-5" />
        <label htmlFor={meta.id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A group of checkboxes sharing one name (multi-select that works without JavaScript). */
export function CheckboxGroup({
  meta,
  legend,
  options,
}: {
  meta: AnyField;
  legend: string;
  options: { value: string; label: string }[];
}) {
  const selected = new Set(
    Array.isArray(meta.initialValue) ? meta.initialValue.map(String) : meta.initialValue ? [String(meta.initialValue)] : [],
  );
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={meta.name} value={option.value} defaultChecked={selected.has(option.value)} className="h-5 w-5" />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { tMaybe } = useI18n();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="mb-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
      {errors.map((error) => (
        <p key={error}>{tMaybe(error)}</p>
      ))}
    </div>
  );
}

/** Shows the pending state while its form is being sent. */
export function SubmitButton({
  children,
  pending,
  intent,
  variant = "primary",
  className,
}: {
  children: ReactNode;
  pending: ReactNode;
  intent?: string;
  /** Primary for the form's main action; secondary for another (save a draft). */
  variant?: ButtonVariant;
  className?: string;
}) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      name={intent ? "intent" : undefined}
      value={intent}
      disabled={busy}
      aria-disabled={busy}
      className={className ?? buttonClass(variant)}
    >
      {busy ? pending : children}
    </button>
  );
}
