import { eq, sql } from "drizzle-orm";
import { storedPlans } from "./schema";
import { queryRows } from "./sql.server";
import type { Db } from "./types";

/**
 * The stored plans (decision 018). The pages read the small columns on every view and the
 * payload only when the plan has changed since their process last parsed it.
 */

export const BASELINE_PLAN_KEY = "baseline";
export const scenarioPlanKey = (scenarioId: number) => `scenario:${scenarioId}`;

const metaColumns = {
  key: storedPlans.key,
  scenarioId: storedPlans.scenarioId,
  scenarioVersion: storedPlans.scenarioVersion,
  digest: storedPlans.digest,
  auditMark: storedPlans.auditMark,
  snapshot: storedPlans.snapshot,
  inputsAt: storedPlans.inputsAt,
  dataUntil: storedPlans.dataUntil,
  computedAt: storedPlans.computedAt,
  durationMs: storedPlans.durationMs,
  failedAt: storedPlans.failedAt,
  failure: storedPlans.failure,
};

export type StoredPlanMeta = Awaited<ReturnType<typeof getStoredPlanMeta>>[number];

/** The plans' dates and digests, without their payloads, for the given keys (all without keys). */
export async function getStoredPlanMeta(db: Db, keys?: readonly string[]) {
  const query = db.select(metaColumns).from(storedPlans);
  return keys ? query.where(sql`${storedPlans.key} in ${keys.length ? [...keys] : [""]}`) : query;
}

export async function getStoredPlanPayload(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select({ payload: storedPlans.payload }).from(storedPlans).where(eq(storedPlans.key, key));
  return row?.payload;
}

export interface StoredPlanWrite {
  key: string;
  scenarioId: number | null;
  scenarioVersion: Date | null;
  digest: string;
  auditMark: number;
  snapshot: string;
  inputsAt: Date;
  dataUntil: Date | null;
  computedAt: Date;
  durationMs: number;
  payload: unknown;
}

/** Replaces a plan; a success clears any failure recorded since the last one. */
export async function upsertStoredPlan(db: Db, plan: StoredPlanWrite) {
  const values = { ...plan, failedAt: null, failure: null };
  const { key: _key, ...update } = values;
  await db.insert(storedPlans).values(values).onConflictDoUpdate({ target: storedPlans.key, set: update });
}

/** A plan found still current: only its change mark moves (its payload is not rewritten). */
export async function moveStoredPlanMark(db: Db, key: string, mark: { auditMark: number; snapshot: string }) {
  await db.update(storedPlans).set(mark).where(eq(storedPlans.key, key));
}

/** Records that a recompute failed, keeping the last good plan for the pages to show as such. */
export async function markStoredPlanFailed(db: Db, key: string, failure: string, at: Date) {
  await db
    .update(storedPlans)
    .set({ failedAt: at, failure: failure.slice(0, 500) })
    .where(eq(storedPlans.key, key));
}

/** Plans of scenarios that were archived: dropped so nothing reads them by mistake. */
export async function deleteStoredPlans(db: Db, keys: readonly string[]) {
  if (!keys.length) return;
  await db.delete(storedPlans).where(sql`${storedPlans.key} in ${[...keys]}`);
}

export async function listOrphanScenarioPlanKeys(db: Db) {
  const rows = await db
    .select({ key: storedPlans.key })
    .from(storedPlans)
    .where(sql`${storedPlans.scenarioId} is not null and not exists (select 1 from scenarios s where s.id = ${storedPlans.scenarioId} and not s.archived)`);
  return rows.map((r) => r.key);
}

/**
 * Where the data stood when it was read: the newest audit entry (every write of the app adds
 * one in its own transaction) and the snapshot, whose open writing transactions may still
 * commit entries older than that mark. Read inside the transaction that reads the inputs.
 */
export async function readChangeMark(db: Db): Promise<{ auditMark: number; snapshot: string }> {
  const [row] = await queryRows<{ audit_mark: string | number | null; snapshot: string }>(
    db,
    sql`select (select max(id) from audit_log) as audit_mark, pg_current_snapshot()::text as snapshot`,
  );
  return { auditMark: Number(row?.audit_mark ?? 0), snapshot: row!.snapshot };
}

/** Audit entries that never change a plan's inputs: reads, sign-ins, accounts and tokens. */
const READS_AND_SESSIONS = {
  actions: ["view", "search", "login", "logout", "unlock"],
  // Alert subscriptions and acknowledgements (decision 026) change no plan input.
  entities: ["session", "user", "api_token", "alert", "alert_subscription"],
} as const;

/**
 * Whether anything was written since a mark: a newer audit entry of a write that can change the
 * plan, or a transaction that was still open at the mark and has committed since (its entries
 * can carry older ids). Two index probes: cheap enough for every page view and every tick of
 * the worker.
 */
export async function changedSince(db: Db, mark: { auditMark: number; snapshot: string }): Promise<boolean> {
  const [row] = await queryRows<{ changed: boolean }>(db, sql`
    select exists (
             select 1 from audit_log where id > ${mark.auditMark}
             and action not in ${[...READS_AND_SESSIONS.actions]} and entity not in ${[...READS_AND_SESSIONS.entities]}
           )
        or exists (
             select 1 from pg_snapshot_xip(${mark.snapshot}::pg_snapshot) as open(xid)
             where pg_xact_status(open.xid) = 'committed'
           ) as changed`);
  return row?.changed === true;
}
