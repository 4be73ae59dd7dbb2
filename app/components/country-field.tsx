import { getInputProps } from "@conform-to/react";
import type { AnyField } from "./form";
import { FieldErrors } from "./ui/field-error";

/**
 * The list the searchable country fields suggest from: each country's name in the user's language
 * (what goes into the field) with its ISO code beside it. Written once per page, however many
 * fields use it; the browser filters it as the person types, with or without JavaScript.
 */
export function CountryList({ id, options }: { id: string; options: { code: string; name: string }[] }) {
  return (
    <datalist id={id}>
      {options.map((c) => (
        <option key={c.code} value={c.name} label={c.code} />
      ))}
    </datalist>
  );
}

/**
 * A searchable country: the person types a few letters of the name (Spanish or English) or the
 * code and picks it from the list, or types it whole. The server reads what was typed
 * (resolveCountry in app/lib/domain/countries.ts, through the form's schema) and says which text it
 * did not recognise, so it works the same without JavaScript. No autocomplete="off": with it the
 * browser would not bring the typed value back on Back (the resubmit question relies on that).
 */
export function CountryField({
  meta,
  label,
  listId,
  hintId,
  className,
}: {
  meta: AnyField;
  label: string;
  /** The page's CountryList. */
  listId: string;
  /** The id of a hint shared by the fields (what may be typed). */
  hintId?: string;
  className?: string;
}) {
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  const props = getInputProps(meta, { type: "text", ariaDescribedBy: describedBy });
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        {...props}
        key={props.key}
        list={listId}
        autoCapitalize="words"
        spellCheck={false}
        enterKeyHint="done"
        className="mt-1 block min-h-11 w-full max-w-[14rem] rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700"
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
