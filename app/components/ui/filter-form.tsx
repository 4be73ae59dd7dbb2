import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "~/lib/i18n";
import { Button } from "~/components/ui/button";
import { CsvLinks } from "~/components/ui/data-table";
import { Select, controlClass, type Option } from "~/components/ui/select-field";

/**
 * The filters above a list: a GET form (the filters are in the URL, so a filtered list can be
 * bookmarked and sent), its fields as children, then "Filtrar" and, when the list can be
 * downloaded, the CSV links with the same filters. `className` lays the fields out (a grid).
 */
export function FilterForm({
  children,
  csvHref,
  submit = true,
  submitLabel,
  search = false,
  card = true,
  className = "mt-4 grid gap-3 sm:grid-cols-4",
}: {
  children: ReactNode;
  csvHref?: string;
  /** False where there is nothing to choose yet: the form then only carries the CSV links. */
  submit?: boolean;
  /** "Filtrar" unless told ("Buscar" for a search). */
  submitLabel?: ReactNode;
  /** A search box rather than filters: a search landmark, and a secondary button. */
  search?: boolean;
  /** The white panel; off for a search box that sits in the page. */
  card?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <Form method="get" role={search ? "search" : undefined} className={card ? `rounded-lg bg-white p-4 shadow ${className}` : className}>
      {children}
      <div className="flex flex-wrap items-end gap-2">
        {submit ? (
          <Button type="submit" variant={search ? "secondary" : "primary"}>
            {submitLabel ?? t("common.filter")}
          </Button>
        ) : null}
        {csvHref ? <CsvLinks href={csvHref} /> : null}
      </div>
    </Form>
  );
}

/** A filter chosen from a list, with "Todos" (no filter) first. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  allLabel,
  options,
}: {
  id: string;
  name: string;
  label: ReactNode;
  value: string | number | null | undefined;
  /** The "no filter" entry; "Todos" unless told. */
  allLabel?: string;
  options: readonly Option[];
}) {
  const { t } = useI18n();
  return <Select id={id} name={name} label={label} defaultValue={value == null ? "" : String(value)} placeholder={allLabel ?? t("common.all")} options={options} />;
}

/** A filter typed in: a date, a number of days. */
export function FilterInput({
  id,
  name,
  label,
  type,
  value,
  min,
  max,
  autoComplete,
  width = "w-full",
}: {
  id: string;
  name: string;
  label: ReactNode;
  type: "date" | "number" | "search";
  value: string | number | undefined;
  min?: number;
  max?: number;
  autoComplete?: string;
  /** The width of the field, "w-full" unless told. */
  width?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} type={type} name={name} min={min} max={max} defaultValue={value ?? ""} autoComplete={autoComplete} className={`${controlClass} ${width}`} />
    </div>
  );
}
