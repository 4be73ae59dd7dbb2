// How each stock form fills itself from a scan (see ScanField): which fields, and what it says.
import { formValue, setFormValue, type ScanOutcome, type ScanRead } from "./scan-field";

const later = (fn: () => void) => setTimeout(fn, 0);
const focus = (form: HTMLFormElement, name: string) => later(() => (form.elements.namedItem(name) as HTMLElement | null)?.focus());

/**
 * Receipt: the first empty line (or a new one) takes the item, lot, expiry and GTIN. A GTIN the
 * catalogue does not know leaves the item for the person to choose: saving the receipt with it
 * is the confirmation that teaches it (learn-item-gtins.server.ts).
 */
export function fillReceipt(
  form: HTMLFormElement | null,
  scan: ScanRead,
  lineCount: number,
  insertLine: (line: { item: string; lotNumber: string; expiry: string; manufacturer: string; gtin: string }) => void,
): ScanOutcome {
  if (!form) return { key: "scan.problem.empty", error: true };
  let index = -1;
  for (let i = 0; i < lineCount; i++) {
    if (!formValue(form, `lines[${i}].item`) && !formValue(form, `lines[${i}].lotNumber`)) {
      index = i;
      break;
    }
  }
  const line = { item: scan.itemCode ?? "", lotNumber: scan.lot ?? "", expiry: scan.expiry ?? "", manufacturer: "", gtin: scan.gtin ?? "" };
  if (index === -1) {
    index = lineCount;
    insertLine(line);
  } else {
    if (line.lotNumber) setFormValue(form, `lines[${index}].lotNumber`, line.lotNumber);
    if (line.expiry) setFormValue(form, `lines[${index}].expiry`, line.expiry);
    if (line.gtin) setFormValue(form, `lines[${index}].gtin`, line.gtin);
    if (line.item) setFormValue(form, `lines[${index}].item`, line.item);
  }
  focus(form, `lines[${index}].${scan.itemCode ? "quantity" : "item"}`);
  if (scan.gtin && !scan.itemCode) return { key: "scan.unknownGtinReceipt", params: { gtin: scan.gtin, n: index + 1 } };
  return { key: "scan.filledLine", params: { n: index + 1, item: scan.itemCode ?? "—", lot: scan.lot ?? "—" } };
}

/** Issue: the item, and the scanned lot when it is in stock here and usable (else first-expired-first-out). */
export function fillIssue(
  form: HTMLFormElement | null,
  scan: ScanRead,
  items: { code: string; lots: { lotId: number; lotNumber: string; state: string }[] }[],
): ScanOutcome {
  if (!form) return { key: "scan.problem.empty", error: true };
  if (!scan.itemCode) return { key: "scan.unknownGtin", params: { gtin: scan.gtin ?? "—" }, error: true };
  const item = items.find((i) => i.code === scan.itemCode);
  if (!item || !setFormValue(form, "item", item.code)) return { key: "scan.itemNotHere", params: { item: scan.itemCode }, error: true };
  focus(form, "quantity");
  if (!scan.lot) return { key: "scan.filledItem", params: { item: item.code } };
  const lot = item.lots.find((l) => l.lotNumber === scan.lot);
  if (!lot) return { key: "scan.lotNotHere", params: { item: item.code, lot: scan.lot }, error: true };
  if (lot.state !== "usable") return { key: "scan.lotUnusable", params: { item: item.code, lot: scan.lot }, error: true };
  later(() => setFormValue(form, "lotId", String(lot.lotId)));
  return { key: "scan.filledItemLot", params: { item: item.code, lot: scan.lot } };
}

/** Count: goes to the line of the scanned item and lot, ready for the counted quantity. */
export function fillCount(form: HTMLFormElement | null, scan: ScanRead, lines: { itemCode: string; lotNumber: string }[]): ScanOutcome {
  if (!form) return { key: "scan.problem.empty", error: true };
  if (!scan.itemCode) return { key: "scan.unknownGtin", params: { gtin: scan.gtin ?? "—" }, error: true };
  const index = lines.findIndex((l) => l.itemCode === scan.itemCode && l.lotNumber === (scan.lot ?? ""));
  if (index === -1) return { key: "scan.noCountLine", params: { item: scan.itemCode, lot: scan.lot ?? "—" }, error: true };
  const input = form.elements.namedItem(`lines[${index}].counted`) as HTMLInputElement | null;
  input?.scrollIntoView({ block: "center" });
  input?.focus();
  input?.select();
  return { key: "scan.countLine", params: { item: scan.itemCode, lot: scan.lot ?? "—" } };
}

/**
 * Vaccination: the scanned vial chooses the vaccine. The lot is not the scan's to choose: the dose
 * is drawn from the open vial or the first to expire (decision 009), so a vial of another lot in
 * the hand is pointed out, with the lot that should be used.
 */
export function fillVaccination(
  form: HTMLFormElement | null,
  scan: ScanRead,
  vaccines: { code: string; plan: { kind: string; lotNumber?: string | null } }[],
): ScanOutcome {
  if (!form) return { key: "scan.problem.empty", error: true };
  if (!scan.itemCode) return { key: "scan.unknownGtin", params: { gtin: scan.gtin ?? "—" }, error: true };
  const vaccine = vaccines.find((v) => v.code === scan.itemCode);
  if (!vaccine || !setFormValue(form, "vaccine", vaccine.code)) return { key: "scan.notAVaccine", params: { item: scan.itemCode }, error: true };
  focus(form, "doseNumber");
  if (vaccine.plan.kind === "none" || !vaccine.plan.lotNumber) return { key: "scan.vaccineNoStock", params: { item: vaccine.code }, error: true };
  if (scan.lot && scan.lot !== vaccine.plan.lotNumber) {
    return { key: "scan.vaccineOtherLot", params: { item: vaccine.code, lot: scan.lot, planned: vaccine.plan.lotNumber }, error: true };
  }
  return { key: "scan.vaccineFilled", params: { item: vaccine.code, lot: vaccine.plan.lotNumber } };
}
