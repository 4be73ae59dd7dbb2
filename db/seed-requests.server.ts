// Demo stock requests (issue 17): one at each step that moves no stock, so the request pages,
// the planner's review and the warehouse's pick list have something to show on a fresh demo.
// Steps past "shipped" move stock through the ledger and are left to the users (and the e2e
// journey), so the demo's stock figures stay those of seed-stock.server.ts.
import { eq } from "drizzle-orm";
import type { RequestStatus } from "../app/lib/domain/requests";
import { appendRequestEvent, insertRequest, insertRequestLines, moveRequest, setLineQuantities } from "./requests.server";
import { items } from "./schema";
import type { Db } from "./types";

const path: RequestStatus[] = ["draft", "submitted", "approved", "picking"];

export async function seedDemoRequests(db: Db, options: { facilities: Record<"BCH" | "LPG" | "ALM", number>; now: Date; today: string; plannerId: number | null; managerId: number | null }) {
  const itemId = async (code: string) => (await db.select({ id: items.id }).from(items).where(eq(items.code, code)))[0]?.id;
  const soap = await itemId("SOAP");
  const kits = await itemId("HYGIENE-KIT");
  if (!soap || !kits) return 0;
  const plan: { facility: "BCH" | "LPG"; to: RequestStatus; lines: { itemId: number; requested: number }[]; reason?: string }[] = [
    { facility: "LPG", to: "draft", lines: [{ itemId: soap, requested: 240 }] },
    { facility: "LPG", to: "submitted", lines: [{ itemId: kits, requested: 120 }] },
    { facility: "BCH", to: "approved", lines: [{ itemId: soap, requested: 96 }, { itemId: kits, requested: 40 }] },
    { facility: "BCH", to: "rejected", lines: [{ itemId: kits, requested: 500 }], reason: "Más de lo que la estación puede guardar; pedir 100." },
    { facility: "LPG", to: "picking", lines: [{ itemId: soap, requested: 48 }] },
  ];
  let n = 0;
  for (const r of plan) {
    n += 1;
    const requestId = await insertRequest(db, {
      facilityId: options.facilities[r.facility],
      supplierFacilityId: options.facilities.ALM,
      emergency: false,
      neededBy: options.today,
      saturationDay: null,
      notes: "",
      idempotencyKey: `seed-demo-request-${n}`,
      createdBy: options.managerId,
    });
    if (!requestId) continue;
    await insertRequestLines(db, requestId, r.lines.map((l) => ({ ...l, suggested: null, stockOutDay: null, leadTimeDays: 7, formula: [] })));
    const steps: RequestStatus[] = r.to === "rejected" ? ["draft", "submitted", "rejected"] : path.slice(0, path.indexOf(r.to) + 1);
    let from: RequestStatus | null = null;
    for (const to of steps) {
      if (from) await moveRequest(db, { requestId }, [from], to, to === "submitted" ? { submittedAt: options.now } : {});
      if (to === "approved") await setLineQuantities(db, requestId, "approved", r.lines.map((l) => ({ itemId: l.itemId, quantity: l.requested })));
      await appendRequestEvent(db, {
        requestId,
        facilityId: options.facilities[r.facility],
        fromStatus: from,
        toStatus: to,
        reason: to === "rejected" ? (r.reason ?? "") : "",
        idempotencyKey: `seed-demo-request-${n}-${to}`,
        recordedBy: to === "approved" || to === "rejected" ? options.plannerId : options.managerId,
      });
      from = to;
    }
  }
  return n;
}
