import { useRef, useState, type KeyboardEvent } from "react";
import { CameraScan } from "~/components/camera-scan";
import { GS, parseGs1 } from "~/lib/domain/gs1";
import { useI18n, type MessageKey } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";

/** What one scan said, with the item its GTIN is known as (null: a GTIN the catalogue does not know yet). */
export interface ScanRead {
  gtin: string | null;
  itemCode: string | null;
  lot: string | null;
  expiry: string | null;
}

/** The message a form shows after filling itself from a scan (a key of scan.*.ts with its values). */
export type ScanOutcome = { key: MessageKey; params?: Record<string, string | number>; error?: boolean };

/**
 * A keyboard-wedge scanner types the GS1 element string into this field and presses Enter: the
 * string is parsed here (app/lib/domain/gs1.ts) and `onRead` fills the form's own fields. It
 * appears only once JavaScript runs (without it, Enter would submit the form), so the form works
 * as before without it. A scanner sends FNC1 as Ctrl+], which a browser does not type: it is
 * turned into the group separator here. A phone's camera (CameraScan, when the browser has one)
 * hands the text it decodes to the same parse and fill.
 */
export function ScanField({ gtins, onRead }: { gtins: { gtin: string; itemCode: string }[]; onRead: (scan: ScanRead) => ScanOutcome }) {
  const hydrated = useHydrated();
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<ScanOutcome | null>(null);
  if (!hydrated) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const field = event.currentTarget;
    if (event.ctrlKey && event.key === "]") {
      event.preventDefault();
      field.setRangeText(GS, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, "end");
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (read(field.value)) field.value = "";
  };

  /** Parses a scanned element string and fills the form; false when it could not be used. */
  const read = (text: string): boolean => {
    const parsed = parseGs1(text, { referenceYear: new Date().getFullYear() });
    if (!parsed.ok) {
      setOutcome({ key: `scan.problem.${parsed.problem.code}` as const, params: { ai: "ai" in parsed.problem ? parsed.problem.ai : "at" in parsed.problem ? parsed.problem.at : "" }, error: true });
      return false;
    }
    const { gtin, lot, expiry } = parsed.value;
    const itemCode = gtin ? (gtins.find((g) => g.gtin === gtin)?.itemCode ?? null) : null;
    setOutcome(onRead({ gtin, itemCode, lot, expiry }));
    return true;
  };

  return (
    <div className="rounded border border-dashed border-brand-700 bg-brand-50 p-3">
      <label htmlFor="gs1-scan" className="block text-sm font-medium">
        {t("scan.label")}
      </label>
      <input
        ref={input}
        id="gs1-scan"
        type="text"
        autoComplete="off"
        spellCheck={false}
        onKeyDown={onKeyDown}
        aria-describedby="gs1-scan-hint gs1-scan-outcome"
        className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 font-mono"
        data-testid="gs1-scan"
      />
      <p id="gs1-scan-hint" className="mt-1 break-words text-sm text-slate-600">
        {t("scan.hint")}
      </p>
      <CameraScan onText={read} />
      <p id="gs1-scan-outcome" role="status" className={`mt-1 text-sm ${outcome?.error ? "text-red-800" : "text-slate-800"}`} data-testid="gs1-scan-outcome">
        {outcome ? t(outcome.key, outcome.params) : null}
      </p>
    </div>
  );
}

/**
 * Sets a named field of a form as if the person had typed it (uncontrolled inputs; Conform hears
 * the input event). False when there is no such field or, for a select, no such option.
 */
export function setFormValue(form: HTMLFormElement | null, name: string, value: string): boolean {
  const element = form?.elements.namedItem(name);
  if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement)) return false;
  if (element instanceof HTMLSelectElement && ![...element.options].some((o) => o.value === value && !o.disabled)) return false;
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), "value")?.set;
  if (setter) setter.call(element, value);
  else element.value = value;
  element.dispatchEvent(new Event("input", { bubbles: true }));
  element.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
}

export function formValue(form: HTMLFormElement | null, name: string): string | null {
  const element = form?.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element.value : null;
}

/** What a scan said, as the outcome message lists it. */
export function scanSummary(scan: ScanRead, day: (ymd: string) => string) {
  return [scan.lot ? `${scan.lot}` : null, scan.expiry ? day(scan.expiry) : null].filter(Boolean).join(" · ");
}
