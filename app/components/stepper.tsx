import { getInputProps } from "@conform-to/react";
import { useRef, type ReactNode } from "react";
import { useI18n } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";
import type { AnyField } from "./form";

/**
 * A number input with − and + buttons for counting people quickly on a phone. The buttons
 * appear only once JavaScript runs (they would do nothing before): without it the plain
 * number input is the whole control. The input shrinks with its column, so at 360 px two
 * steppers side by side never overlap.
 *
 * A text input with the numeric keypad rather than type="number" (issue 15, fast entry): phones
 * show digits only, a scroll wheel or an arrow key never changes a count by accident, and "1e3"
 * is refused by the pattern and the schema alike. Enter submits the form (the keyboard's key says
 * so), and the − / + buttons are out of the Tab order: Tab goes from count to count.
 */
export function Stepper({
  meta,
  label,
  hint,
  max = 5000,
  enterKeyHint = "done",
}: {
  meta: AnyField;
  label: string;
  hint?: ReactNode;
  max?: number;
  /** What the phone keyboard's Enter key says; in a form, Enter sends the form. */
  enterKeyHint?: "done" | "send" | "next" | "go";
}) {
  const { t, tMaybe } = useI18n();
  const hydrated = useHydrated();
  const ref = useRef<HTMLInputElement>(null);
  const props = getInputProps(meta, {
    type: "text",
    ariaDescribedBy: [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined,
  });
  const step = (delta: number) => {
    const input = ref.current;
    if (!input) return;
    const next = Math.max(0, Math.min(max, (Number(input.value) || 0) + delta));
    input.value = String(next);
    // Conform listens for input events on the form to revalidate and to update live totals.
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const button =
    "h-11 w-11 shrink-0 rounded border border-slate-400 bg-white text-xl font-bold text-slate-800 hover:bg-slate-100 active:bg-slate-200";
  return (
    <div className="min-w-0">
      <label htmlFor={meta.id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="mt-1 flex min-w-0 items-center gap-1">
        {hydrated ? (
          <button type="button" className={button} onClick={() => step(-1)} aria-label={t("movement.decrease", { label })} tabIndex={-1}>
            −
          </button>
        ) : null}
        <input
          {...props}
          key={props.key}
          ref={ref}
          inputMode="numeric"
          pattern="[0-9]*"
          enterKeyHint={enterKeyHint}
          className="h-11 w-20 min-w-0 shrink rounded border border-slate-400 bg-white px-2 text-center text-lg tabular-nums aria-[invalid=true]:border-red-700"
        />
        {hydrated ? (
          <button type="button" className={button} onClick={() => step(1)} aria-label={t("movement.increase", { label })} tabIndex={-1}>
            +
          </button>
        ) : null}
      </div>
      {hint ? (
        <p id={`${meta.id}-hint`} className="mt-1 text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
      {meta.errors?.length ? (
        <ul id={meta.errorId} className="mt-1 text-sm text-red-800">
          {meta.errors.map((e: string) => (
            <li key={e}>{tMaybe(e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
