import { getInputProps } from "@conform-to/react";
import type { AnyField } from "~/components/form";
import { useI18n } from "~/lib/i18n";

/**
 * One lot's line of a form that asks how much of each lot there is (a count sheet, a shipment's
 * receipt): the item and lot, the quantity the records expect, the field for what is found, and
 * the difference as it is typed, in red when there is one.
 */
export function LotQuantityRow({
  item,
  line,
  expected,
  lotIdName,
  quantity,
  label,
  min,
  difference,
  format,
  live,
}: {
  item: string;
  line: { lotId: number; lotNumber: string | null; expiry: string | null; unit: string };
  expected: number;
  lotIdName: string;
  quantity: AnyField;
  /** The field's label for screen readers (the column header says it to the eye). */
  label: string;
  min?: number;
  difference: number | null;
  format: (difference: number) => string;
  /** Announce the difference as it changes (a receipt's missing quantity). */
  live?: boolean;
}) {
  const { tMaybe, number, day } = useI18n();
  const props = getInputProps(quantity, {
    type: "number",
    ariaDescribedBy: quantity.errors?.length ? quantity.errorId : undefined,
  });
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="px-3 py-2 font-medium">
        {item}
        <input type="hidden" name={lotIdName} value={String(line.lotId)} />
      </th>
      <td className="px-3 py-2">{line.lotNumber || "—"}</td>
      <td className="px-3 py-2">{line.expiry ? day(line.expiry) : "—"}</td>
      <td className="px-3 py-2 text-right tabular-nums">
        {number(expected)} {line.unit}
      </td>
      <td className="px-3 py-2">
        <label htmlFor={quantity.id} className="sr-only">
          {label}
        </label>
        <input
          {...props}
          key={props.key}
          inputMode="numeric"
          min={min}
          className="block w-28 rounded border border-slate-400 bg-white px-2 py-1 text-base tabular-nums aria-[invalid=true]:border-red-700"
        />
        {quantity.errors?.length ? (
          <ul id={quantity.errorId} className="mt-1 text-sm text-red-800">
            {quantity.errors.map((error: string) => (
              <li key={error}>{tMaybe(error)}</li>
            ))}
          </ul>
        ) : null}
      </td>
      <td className={`px-3 py-2 text-right tabular-nums ${difference ? "font-semibold text-red-800" : ""}`} aria-live={live ? "polite" : undefined}>
        {difference === null ? "—" : format(difference)}
      </td>
    </tr>
  );
}
