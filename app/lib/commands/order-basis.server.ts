// A planner chooses what drives an item's suggested order at a facility (issue 17 item 4): the
// norm or the consumption recorded over the last 30 days. One transaction with its audit entry,
// once per idempotency key; the plan worker sees the new audit entry and recomputes the plans
// (decision 018), whose "why" then says which basis was used.
import { appendAudit, findAuditedWithKey } from "#db/audit.server";
import { lockOrderBasis, upsertOrderBasis } from "#db/planning.server";
import type { Db } from "#db/types";
import type { OrderBasis } from "~/lib/domain/consumption";
import { auditActorOf, type CommandActor } from "./actor.server";

export type OrderBasisOutcome = { status: "saved"; basis: OrderBasis; previous: string } | { status: "unchanged" | "duplicate"; basis: OrderBasis };

export async function setOrderBasis(
  db: Db,
  actor: CommandActor,
  input: { facility: { id: number; code: string }; item: { itemId: number; code: string }; basis: OrderBasis },
  key: string,
): Promise<OrderBasisOutcome> {
  const entityId = `${input.facility.code}/${input.item.code}`;
  return db.transaction(async (tx): Promise<OrderBasisOutcome> => {
    if (actor.userId !== null) {
      const earlier = await findAuditedWithKey(tx, { userId: actor.userId, entity: "order_basis", action: "update", idempotencyKey: key });
      if (earlier) return { status: "duplicate", basis: input.basis };
    }
    const previous = await lockOrderBasis(tx, input.facility.id, input.item.itemId);
    if (previous === input.basis) return { status: "unchanged", basis: input.basis };
    await upsertOrderBasis(tx, { facilityId: input.facility.id, itemId: input.item.itemId, basis: input.basis, updatedBy: actor.userId });
    await appendAudit(tx, auditActorOf(actor), {
      action: "update",
      entity: "order_basis",
      entityId,
      facilityId: input.facility.id,
      changes: { basis: [previous, input.basis], idempotencyKey: key },
    });
    return { status: "saved", basis: input.basis, previous };
  });
}
