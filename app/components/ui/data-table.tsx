import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { HxlCsvLink } from "~/components/hxl-link";
import { useI18n } from "~/lib/i18n";
import { buttonClass } from "~/components/ui/button";

export interface Column {
  label: ReactNode;
  /** Right-aligned, for figures. */
  numeric?: boolean;
  /** The name shown beside each cell on a phone when `label` is not plain text. */
  phoneLabel?: string;
}

type CellProps = { children?: ReactNode; colSpan?: number; "data-label"?: string; role?: string };

/**
 * On a phone the rows stack as cards (app/tailwind.css, `.stack-table`): each cell shows its
 * column's name, which it carries as `data-label`. The rows a page writes as plain `<tr>`s of
 * `<td>`s are labelled here, cell by cell in column order (a row drawn by a component of its own,
 * or a cell spanning columns, keeps no labels and still stacks). The roles are spelled out because
 * a table drawn as blocks loses its table semantics in some screen readers.
 */
function labelRows(rows: ReactNode, labels: (string | undefined)[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement(row) || row.type !== "tr") return row;
    let index = 0;
    const cells = Children.map((row as ReactElement<CellProps>).props.children, (cell) => {
      if (!isValidElement(cell)) return cell;
      const props = (cell as ReactElement<CellProps>).props;
      const label = cell.type === "td" && !props.colSpan ? labels[index] : undefined;
      index += props.colSpan ?? 1;
      return cloneElement(cell as ReactElement<CellProps>, { role: cell.type === "th" ? "rowheader" : "cell", ...(label ? { "data-label": label } : {}) });
    });
    return cloneElement(row as ReactElement<CellProps>, { role: "row" }, cells);
  });
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
  const shown = columns.filter((column): column is Column => Boolean(column));
  const labels = shown.map((column) => column.phoneLabel ?? (typeof column.label === "string" ? column.label : undefined));
  return (
    <TableScroll card={card} className={className}>
      <table className="stack-table w-full text-left text-sm" data-testid={testId} role="table">
        {caption ? <caption className={captionClassName}>{caption}</caption> : null}
        <thead className="bg-slate-100" role="rowgroup">
          <tr role="row">
            {shown.map((column, i) => (
              <th key={i} scope="col" role="columnheader" className={column.numeric ? "px-3 py-2 text-right" : "px-3 py-2"}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{labelRows(children, labels)}</tbody>
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
