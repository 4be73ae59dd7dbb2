import { useI18n } from "~/lib/i18n";

/** A field's errors under it, by id, so the field's aria-describedby reads them out. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { tMaybe } = useI18n();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm text-red-800">
      {errors.map((error) => (
        <li key={error}>{tMaybe(error)}</li>
      ))}
    </ul>
  );
}
