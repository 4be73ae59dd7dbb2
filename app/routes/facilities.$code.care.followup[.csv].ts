import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { loadFollowUps } from "./facilities.$code.care.followup";

// A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
const safe = (cell: string | number) => (typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/**
 * The follow-up list as CSV (same filters, same permission, same audit entry as the page). The
 * list is one facility's due follow-ups, small and already in memory, so it is written in one go
 * (which also gives a header-only file when nothing is due).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility, rows } = await loadFollowUps(request, context, params.code);
  const header = ["due_date", "state", "case_code", "name", "kind", "nutrition", "antenatal_contact", "vaccine", "dose_number", "arrival_date", "leaving_soon"];
  const body = rows.map((r) =>
    [
      r.dueDate,
      r.state,
      r.caseCode,
      r.name,
      r.kind,
      r.nutrition ?? "",
      r.contactNumber ?? "",
      r.itemCode ?? "",
      r.doseNumber ?? "",
      r.arrivalDate,
      r.leavingSoon ? "yes" : "no",
    ].map(safe),
  );
  // A byte-order mark so spreadsheet programs read accents correctly.
  return new Response(`\uFEFF${stringify([header, ...body])}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${facility.code}-care-followup.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
