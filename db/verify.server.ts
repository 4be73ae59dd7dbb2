import { sql } from "drizzle-orm";
import { pendingMigrations } from "./migrate.server";
import { queryRows } from "./sql.server";
import type { Db } from "./types";

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface InvariantCheck {
  name: string;
  run(db: Db): Promise<CheckResult>;
}

/**
 * Every invariant the data promises, checked from the database alone. Each ledger adds
 * its own checks here (balances equal the sum of their entries, nothing negative, ...).
 */
export const invariantChecks: InvariantCheck[] = [
  {
    name: "migrations applied",
    async run(db) {
      const pending = await pendingMigrations(db);
      return { ok: pending === 0, detail: pending === 0 ? "none pending" : `${pending} pending` };
    },
  },
  {
    name: "audit log append-only",
    async run(db) {
      const rows = await queryRows<{ tgname: string }>(
        db,
        sql`select tgname from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`,
      );
      const names = new Set(rows.map((r) => r.tgname));
      const missing = ["audit_log_append_only", "audit_log_no_truncate"].filter((n) => !names.has(n));
      return { ok: missing.length === 0, detail: missing.length ? `missing trigger ${missing.join(", ")}` : "guarded" };
    },
  },
  {
    name: "facility staff have a facility",
    async run(db) {
      const rows = await queryRows<{ email: string }>(
        db,
        sql`select u.email from users u
            where u.active and u.role in ('manager', 'health_worker')
              and not exists (select 1 from facility_memberships m where m.user_id = u.id)
            order by u.email limit 20`,
      );
      return {
        ok: rows.length === 0,
        detail: rows.length ? `without membership: ${rows.map((r) => r.email).join(", ")}` : "all assigned",
      };
    },
  },
  {
    name: "no live session for an inactive account",
    async run(db) {
      const rows = await queryRows<{ n: number | string }>(
        db,
        sql`select count(*) as n from sessions s join users u on u.id = s.user_id where not u.active`,
      );
      const n = Number(rows[0]?.n ?? 0);
      return { ok: n === 0, detail: n === 0 ? "none" : `${n} sessions` };
    },
  },
];

export async function runInvariantChecks(db: Db) {
  const results: (CheckResult & { name: string })[] = [];
  for (const check of invariantChecks) {
    try {
      results.push({ name: check.name, ...(await check.run(db)) });
    } catch (error) {
      results.push({ name: check.name, ok: false, detail: `check failed to run: ${(error as Error).message}` });
    }
  }
  return results;
}
