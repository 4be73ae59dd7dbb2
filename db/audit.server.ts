import { and, desc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import { auditLog, facilities, users } from "./schema";
import type { Db } from "./types";

export interface AuditActor {
  userId: number | null;
  requestId?: string | null;
  ipAddress?: string | null;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  facilityId?: number | null;
  changes?: Record<string, unknown>;
}

/**
 * The entity this user already wrote with this form's idempotency key, for writes that have no
 * ledger row to hold the key (cases, referrals, scenario edits): they carry it in the audit entry
 * written in the same transaction. Takes a transaction-scoped lock on the key first, so that the
 * same form sent twice at once is serialised and the second finds the first. A key is honoured
 * for seven days: the form that holds it is long gone by then.
 */
export async function findAuditedWithKey(
  db: Db,
  where: { userId: number; entity: string; action: string; idempotencyKey: string },
): Promise<string | undefined> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`${where.entity}:${where.idempotencyKey}`}))`);
  const [row] = await db
    .select({ entityId: auditLog.entityId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.userId, where.userId),
        gte(auditLog.at, new Date(Date.now() - 7 * 86_400_000)),
        eq(auditLog.entity, where.entity),
        eq(auditLog.action, where.action),
        sql`${auditLog.changes}->>'idempotencyKey' = ${where.idempotencyKey}`,
      ),
    )
    .limit(1);
  return row?.entityId ?? undefined;
}

/** Appends to the audit log; call it inside the transaction of the write it describes. */
export async function appendAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    userId: actor.userId,
    requestId: actor.requestId ?? null,
    ipAddress: actor.ipAddress ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    facilityId: entry.facilityId ?? null,
    changes: entry.changes ?? {},
  });
}

/**
 * Many audit entries of one actor in one statement (a batch's records), the rows sent as one JSON
 * parameter rather than 500 rows of parameters; call it inside the batch's transaction.
 */
export async function appendAuditMany(db: Db, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry, ord) => ({
    ord,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    facility_id: entry.facilityId ?? null,
    changes: entry.changes ?? {},
  }));
  await db.execute(sql`
    insert into ${auditLog} (user_id, request_id, ip_address, action, entity, entity_id, facility_id, changes)
    select ${actor.userId}::integer, ${actor.requestId ?? null}::text, ${actor.ipAddress ?? null}::text, action, entity, entity_id, facility_id, changes
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(ord integer, action text, entity text, entity_id text, facility_id integer, changes jsonb)
    order by ord`);
}

/** The fields that changed between two versions of a record, as { field: [before, after] }. */
export function diffValues<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const previous = before[key];
    const same =
      previous instanceof Date && value instanceof Date ? previous.getTime() === value.getTime() : previous === value;
    if (!same) changes[key] = [previous ?? null, value ?? null];
  }
  return changes;
}

export interface AuditFilters {
  userId?: number;
  facilityId?: number;
  entity?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

function auditWhere(filters: AuditFilters, beforeId?: number): SQL | undefined {
  return and(
    filters.userId ? eq(auditLog.userId, filters.userId) : undefined,
    filters.facilityId ? eq(auditLog.facilityId, filters.facilityId) : undefined,
    filters.entity ? eq(auditLog.entity, filters.entity) : undefined,
    filters.from ? gte(auditLog.at, filters.from) : undefined,
    filters.to ? lte(auditLog.at, filters.to) : undefined,
    beforeId ? lt(auditLog.id, beforeId) : undefined,
  );
}

const auditColumns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  changes: auditLog.changes,
  requestId: auditLog.requestId,
  userEmail: users.email,
  facilityCode: facilities.code,
};

/** Newest first, keyset-paginated by id so deep pages cost the same as the first. */
export async function listAudit(db: Db, filters: AuditFilters, options: { beforeId?: number; limit: number }) {
  return db
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(facilities, eq(facilities.id, auditLog.facilityId))
    .where(auditWhere(filters, options.beforeId))
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
}

export async function listAuditEntities(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(auditLog.entity);
  return rows.map((r) => r.entity);
}
