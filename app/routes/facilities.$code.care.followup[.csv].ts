import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { loadFollowUps } from "./facilities.$code.care.followup";

// Person-level and kept inside the facility: the name has no tag, so a HXL tool that strips
// untagged columns (as the HXL Proxy does) drops it before anything is shared.
const columns: CsvColumn[] = [
  ["due_date", "#date+due"],
  ["state", "#status+followup"],
  ["case_code", "#meta+case"],
  ["name", ""],
  ["kind", "#service+type"],
  ["nutrition", "#status+nutrition"],
  ["antenatal_contact", "#indicator+anc_contact+num"],
  ["vaccine", "#item+code"],
  ["dose_number", "#indicator+dose+num"],
  ["arrival_date", "#date+arrival"],
  ["leaving_soon", "#meta+leaving_soon"],
];

/**
 * The follow-up list as CSV (same filters, same permission, same audit entry as the page). The
 * list is one facility's due follow-ups, small and already in memory, so it is one page.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility, rows } = await loadFollowUps(request, context, params.code);
  return csvResponse<never>(request, `${facility.code}-care-followup.csv`, columns, async () => ({
    rows: rows.map((r) => [
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
    ]),
  }));
}
