import type { FieldMetadata } from "@conform-to/react";
import type { ChangeEventHandler, ReactNode } from "react";
import { FieldErrors } from "~/components/ui/field-error";

// Form fields come from schemas whose value types vary; the select only reads id, name, value and errors.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, any>;

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

// 44 px high (min-h-11): a tap target on a phone, like the text fields. The width is the caller's
// (full width unless told), so two width classes never compete.
export const controlClass = "mt-1 block min-h-11 rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid=true]:border-red-700";

/**
 * A labelled select, and the one place a `<select>` is written (test/unit/ui-primitives.test.ts).
 * The first option is the "none chosen" one when `placeholder` is given; `options` or, for
 * optgroups and disabled entries, `children` give the rest. A hint and the errors sit under it
 * and are read out with it.
 */
export function Select({
  id,
  name,
  label,
  defaultValue,
  placeholder,
  options,
  children,
  hint,
  errors,
  errorId,
  required,
  onChange,
  className,
  selectClassName,
}: {
  id: string;
  name: string;
  label: ReactNode;
  defaultValue?: string;
  placeholder?: string;
  options?: readonly Option[];
  children?: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  errorId?: string;
  required?: boolean;
  onChange?: ChangeEventHandler<HTMLSelectElement>;
  className?: string;
  /** The width of the control: "w-full" unless told, e.g. "w-full max-w-xs". */
  selectClassName?: string;
}) {
  const invalid = Boolean(errors?.length);
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, invalid && errorId ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={onChange}
        className={`${controlClass} ${selectClassName ?? "w-full"}`}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options?.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {errorId ? <FieldErrors id={errorId} errors={errors} /> : null}
    </div>
  );
}

/**
 * A select bound to a Conform field: its id, name, first value, errors and (from the schema)
 * whether it is required come from the field, as for the text fields of app/components/form.tsx.
 */
export function SelectField({
  meta,
  required = meta.required,
  ...props
}: { meta: AnyField } & Omit<Parameters<typeof Select>[0], "id" | "name" | "defaultValue" | "errors" | "errorId">) {
  return (
    <Select
      // A new key when Conform resets or updates the field, so the uncontrolled select shows it.
      key={meta.key}
      id={meta.id}
      name={meta.name}
      defaultValue={String(meta.initialValue ?? "")}
      errors={meta.errors}
      errorId={meta.errorId}
      required={required}
      {...props}
    />
  );
}
