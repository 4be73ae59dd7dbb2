import type { ReactNode } from "react";
import { HxlCsvLink } from "~/components/hxl-link";
import { useI18n } from "~/lib/i18n";
import { buttonClass } from "~/components/ui/button";

export interface Column {
  label: ReactNode;
  /** Right-aligned, for figures. */
  numeric?: boolean;
}

/**
 * A table inside its own horizontal scroll region, so a wide table never makes a 360 px page
 * scroll sideways; the region takes the keyboard focus (axe `scrollable-region-focusable`) so it
 * can be scrolled without a mouse. `card` gives it the white panel most lists sit on.
 */
export function TableScroll({ children, card = true, className }: { children: ReactNode; card?: boolean; className?: string }) {
  const classes = ["overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-700", card ? "rounded-lg bg-white shadow" : null, className];
  return (
    <div className={classes.filter(Boolean).join(" ")} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * A list as a table: a header row from `columns` (falsy entries are columns not shown to this
 * user), the rows as children, and `empty` said instead of an empty table. `caption` names the
 * table for screen readers (hidden unless `captionClassName` shows it).
 */
export function DataTable({
  columns,
  children,
  caption,
  captionClassName = "sr-only",
  empty,
  isEmpty = false,
  card,
  className,
  testId,
}: {
  columns: (Column | false | null | undefined)[];
  children: ReactNode;
  caption?: ReactNode;
  captionClassName?: string;
  empty?: ReactNode;
  isEmpty?: boolean;
  card?: boolean;
  /** The margin above, on the region and on the empty state alike. */
  className?: string;
  testId?: string;
}) {
  if (isEmpty) return <EmptyState className={className}>{empty}</EmptyState>;
  return (
    <TableScroll card={card} className={className}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        {caption ? <caption className={captionClassName}>{caption}</caption> : null}
        <thead className="bg-slate-100">
          <tr>
            {columns.map((column, i) =>
              column ? (
                <th key={i} scope="col" className={column.numeric ? "px-3 py-2 text-right" : "px-3 py-2"}>
                  {column.label}
                </th>
              ) : null,
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

/** What a list says when it has nothing to show ("No hay entradas en este periodo."). */
export function EmptyState({ children, className }: { children: ReactNode; className?: string }) {
  return <p className={className}>{children}</p>;
}

/**
 * The download of what a list shows, as CSV and as CSV with the HXL hashtag row: both links, one
 * click each, with the same query (filters) as the page.
 */
export function CsvLinks({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <>
      <a href={href} download className={buttonClass("secondary")}>
        {t("common.exportCsv")}
      </a>
      <HxlCsvLink href={href} />
    </>
  );
}
