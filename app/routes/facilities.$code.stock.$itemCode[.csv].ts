import type { LoaderFunctionArgs } from "@remix-run/node";
import { listItems } from "#db/catalogue.server";
import { listStockCard } from "#db/stock.server";
import { notFound, requireFacility } from "~/lib/auth.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { parseStockCardFilters } from "~/lib/schemas/stock";

const BATCH = 1000;

// Quantities are #indicator+...+num: HXL's #value is for money (docs/exchange.md).
const columns: CsvColumn[] = [
  ["id", "#meta+id"],
  ["occurred_at", "#date+occurred"],
  ["kind", "#event+type"],
  ["item_code", "#item+code"],
  ["lot_number", "#item+lot"],
  ["quantity", "#indicator+quantity+num"],
  ["lot_balance_after", "#indicator+stock+num"],
  ["reason", "#description+reason"],
  ["source", "#org+source"],
  ["document_ref", "#meta+document"],
  ["people_served", "#reached+total"],
  ["shipment_id", "#meta+shipment"],
  ["notes", "#description+notes"],
  ["recorded_by", ""],
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "stock:view");
  const db = getDb();
  const item = (await listItems(db)).find((i) => i.code === params.itemCode);
  if (!item) notFound();
  const filters = parseStockCardFilters(new URL(request.url));
  return csvResponse<number>(
    request,
    `${facility.code}-${item.code}-stock-card.csv`,
    columns,
    async (beforeId) => {
      const rows = await listStockCard(db, facility.id, { itemId: item.id, lotId: filters.lot }, { beforeId, limit: BATCH });
      return {
        rows: rows.map((e) => [
          e.id,
          e.occurredAt.toISOString(),
          e.kind,
          item.code,
          e.lotNumber,
          e.quantity,
          e.balanceAfter,
          e.reason ?? "",
          e.source,
          e.documentRef,
          e.peopleServed ?? "",
          e.shipmentId ?? "",
          e.notes,
          e.recordedBy ?? (e.apiTokenId != null ? "api" : ""),
        ]),
        cursor: rows.length === BATCH ? rows[rows.length - 1]?.id : undefined,
      };
    },
  );
}
