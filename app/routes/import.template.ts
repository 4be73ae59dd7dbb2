// GET /import/template?kind=arrivals|receipts: a CSV of the columns an import reads, with example rows.
// (Not a `[.csv]` route: it is a blank form to fill in, not an export of data, so it carries no HXL row.)
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { listFacilities } from "#db/facilities.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { importKindsFor, requireImporter } from "~/lib/import-file.server";
import { resolveLocale } from "~/lib/session.server";
import { importKindField, templateRows } from "~/lib/schemas/import";
import { zonedDay } from "~/lib/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireImporter(request, context);
  const parsed = importKindField.safeParse(new URL(request.url).searchParams.get("kind") ?? "arrivals");
  const kind = parsed.success && importKindsFor(user.role).includes(parsed.data) ? parsed.data : importKindsFor(user.role)[0]!;
  const locale = (await resolveLocale(request, user)) === "en" ? "en" : "es";
  const today = zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
  // The examples name one of the user's own facilities, so the template as downloaded checks clean.
  const [own] = await listFacilities(getDb(), { all: false, facilityIds: user.facilityIds });
  const code = own?.code ?? "SVC";
  // Example rows in the shape the import reads; a user replaces them with their own.
  const examples =
    kind === "arrivals"
      ? [
          [today, code, "F", "18+", "VEN", "3"],
          [today, code, "M", "1-4", "HT", "1"],
        ]
      : [[today, code, "RATION-KIT", "RK-2026-01", "2027-06-30", "200", "", "UNICEF", "GR-0001"]];
  const body = `\uFEFF${stringify([...templateRows[kind][locale], ...examples])}`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="albergue-${kind}-template.csv"`,
    },
  });
}
