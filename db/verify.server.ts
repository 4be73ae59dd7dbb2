import { sql } from "drizzle-orm";
import { pendingMigrations } from "./migrate.server";
import { groupColumnNames } from "./schema/census";
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

async function mismatchCount(db: Db, query: string): Promise<{ n: number; sample: string }> {
  const rows = await queryRows<{ label: string }>(db, sql.raw(query));
  return { n: rows.length, sample: rows.slice(0, 5).map((r) => r.label).join(", ") };
}

invariantChecks.push(
  {
    name: "census equals the sum of its entries",
    async run(db) {
      const sums = groupColumnNames.map((c) => `sum(sign * ${c}) as ${c}`).join(", ");
      const differs = groupColumnNames.map((c) => `coalesce(c.${c}, 0) <> coalesce(s.${c}, 0)`).join(" or ");
      const { n, sample } = await mismatchCount(
        db,
        `with s as (select facility_id, ${sums} from population_entries group by facility_id)
         select coalesce(c.facility_id, s.facility_id)::text as label
         from census c full join s on s.facility_id = c.facility_id where ${differs}`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility" : `${n} facilities differ (ids ${sample})` };
    },
  },
  {
    name: "no census group is negative",
    async run(db) {
      const negative = groupColumnNames.map((c) => `${c} < 0`).join(" or ");
      const { n, sample } = await mismatchCount(db, `select facility_id::text as label from census where ${negative}`);
      return { ok: n === 0, detail: n === 0 ? "none" : `facilities ${sample}` };
    },
  },
  {
    name: "daily roll-ups equal the entries",
    async run(db) {
      // A reversal counts against the column of the kind it reverses, on the original's day.
      const movement = (kind: string) =>
        `sum(case when coalesce(o.kind, e.kind) = '${kind}' then case when e.kind = 'reversal' then -e.total else e.total end else 0 end)`;
      const nets = groupColumnNames.map((c) => `sum(e.sign * e.${c}) as ${c}`).join(", ");
      const columns = ["arrivals", "departures", "transfers_in", "transfers_out", "entries", "biometrics_registered", ...groupColumnNames];
      const differs = columns.map((c) => `coalesce(d.${c}, 0) <> coalesce(x.${c}, 0)`).join(" or ");
      const { n, sample } = await mismatchCount(
        db,
        `with x as (
           select e.facility_id, e.day,
             ${movement("arrival")} as arrivals, ${movement("departure")} as departures,
             ${movement("transfer_in")} as transfers_in, ${movement("transfer_out")} as transfers_out,
             count(*) as entries,
             sum(case when coalesce(o.kind, e.kind) = 'arrival' then case when e.kind = 'reversal' then -e.biometrics_registered else e.biometrics_registered end else 0 end) as biometrics_registered,
             ${nets}
           from population_entries e left join population_entries o on o.id = e.reverses_entry_id
           group by e.facility_id, e.day)
         select coalesce(d.facility_id, x.facility_id)::text || ' ' || coalesce(d.day, x.day)::text as label
         from daily_population d full join x on x.facility_id = d.facility_id and x.day = d.day
         where ${differs}`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility-day" : `${n} facility-days differ (${sample})` };
    },
  },
  {
    name: "nationality roll-ups equal the entries",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `with x as (
           select e.facility_id, e.day, en.country, sum(e.sign * en.count) as arrivals
           from population_entries e
           join population_entry_nationalities en on en.entry_id = e.id
           left join population_entries o on o.id = e.reverses_entry_id
           where coalesce(o.kind, e.kind) = 'arrival'
           group by e.facility_id, e.day, en.country)
         select coalesce(d.facility_id, x.facility_id)::text || ' ' || coalesce(d.day, x.day)::text || ' ' || coalesce(d.country, x.country) as label
         from daily_nationalities d full join x on x.facility_id = d.facility_id and x.day = d.day and x.country = d.country
         where coalesce(d.arrivals, 0) <> coalesce(x.arrivals, 0)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility-day" : `${n} rows differ (${sample})` };
    },
  },
  {
    name: "transfers match their entries",
    async run(db) {
      const sent = groupColumnNames.map((c) => `t.${c} <> coalesce(o.${c}, -1)`).join(" or ");
      const { n, sample } = await mismatchCount(
        db,
        `select t.id::text as label from transfers t
         left join population_entries o on o.transfer_id = t.id and o.kind = 'transfer_out'
         left join population_entries i on i.transfer_id = t.id and i.kind = 'transfer_in'
         where (${sent})
            or (t.status = 'received') <> (i.id is not null)
            or (t.status = 'received' and t.missing <> t.${groupColumnNames.slice(0, 8).join(" + t.")} - i.total)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every transfer" : `${n} transfers differ (ids ${sample})` };
    },
  },
);

invariantChecks.push({
  // docs/decisions/017-headcount-reconciliation.md: a submitted headcount's difference is what its corrections posted.
  name: "headcounts match their corrections",
  async run(db) {
    const groups = [
      ["adultMen", "adult_men"], ["adultWomen", "adult_women"], ["boys0to11m", "boys_0_11m"], ["girls0to11m", "girls_0_11m"],
      ["boys1to4", "boys_1_4"], ["girls1to4", "girls_1_4"], ["boys5to17", "boys_5_17"], ["girls5to17", "girls_5_17"],
      ["pregnant", "pregnant"], ["lactating", "lactating"], ["unaccompaniedMinors", "unaccompanied_minors"], ["disabilities", "disabilities"],
    ];
    const differs = groups
      .map(([key, column]) => `coalesce((h.counted->>'${key}')::int, 0) - coalesce((h.expected->>'${key}')::int, 0) <> coalesce(i.${column}, 0) - coalesce(d.${column}, 0)`)
      .join(" or ");
    const { n, sample } = await mismatchCount(
      db,
      `select h.id::text as label from headcount_sheets h
       left join population_entries i on i.id = h.increase_entry_id
       left join population_entries d on d.id = h.decrease_entry_id
       where h.status = 'submitted' and (${differs}
          or (i.id is not null and (i.kind <> 'correction' or i.sign <> 1 or i.facility_id <> h.facility_id))
          or (d.id is not null and (d.kind <> 'correction' or d.sign <> -1 or d.facility_id <> h.facility_id)))`,
    );
    return { ok: n === 0, detail: n === 0 ? "every submitted headcount" : `${n} headcounts differ (ids ${sample})` };
  },
});

invariantChecks.push(
  {
    name: "stock balances equal the sum of their entries",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `with s as (select facility_id, lot_id, sum(quantity) as quantity from stock_entries group by facility_id, lot_id)
         select coalesce(b.facility_id, s.facility_id)::text || '/' || coalesce(b.lot_id, s.lot_id)::text as label
         from stock_balances b full join s on s.facility_id = b.facility_id and s.lot_id = b.lot_id
         where coalesce(b.quantity, 0) <> coalesce(s.quantity, 0)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility and lot" : `${n} balances differ (facility/lot ${sample})` };
    },
  },
  {
    name: "no stock balance is negative",
    async run(db) {
      const { n, sample } = await mismatchCount(db, `select facility_id::text || '/' || lot_id::text as label from stock_balances where quantity < 0`);
      return { ok: n === 0, detail: n === 0 ? "none" : `facility/lot ${sample}` };
    },
  },
  {
    // Decision 023: the stage at a site is the last word of its own readings, which only advance.
    name: "each balance's VVM stage is the highest reading of its history",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `select b.facility_id::text || '/' || b.lot_id::text as label
         from stock_balances b
         left join (select facility_id, lot_id, max(vvm_stage) as stage from lot_condition_readings group by facility_id, lot_id) r
           on r.facility_id = b.facility_id and r.lot_id = b.lot_id
         where b.vvm_stage is distinct from r.stage`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility and lot" : `${n} balances differ (facility/lot ${sample})` };
    },
  },
  {
    name: "a lot at VVM 3-4 is quarantined where it was read",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `select facility_id::text || '/' || lot_id::text as label from stock_balances where vvm_stage >= 3 and not quarantined`,
      );
      return { ok: n === 0, detail: n === 0 ? "every facility and lot" : `${n} balances usable at VVM 3-4 (facility/lot ${sample})` };
    },
  },
  {
    name: "stock card running balances follow the entries",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `select id::text as label from (
           select id, balance_after, sum(quantity) over (partition by facility_id, lot_id order by id) as running
           from stock_entries) e
         where balance_after <> running`,
      );
      return { ok: n === 0, detail: n === 0 ? "every entry" : `${n} entries differ (ids ${sample})` };
    },
  },
  {
    name: "shipments match their entries",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `select s.id::text || '/' || l.lot_id::text as label
         from shipments s join shipment_lines l on l.shipment_id = s.id
         left join lateral (select coalesce(-sum(quantity), 0) as sent from stock_entries e
                            where e.shipment_id = s.id and e.lot_id = l.lot_id and e.kind = 'transfer_out') o on true
         left join lateral (select coalesce(sum(quantity), 0) as received from stock_entries e
                            where e.shipment_id = s.id and e.lot_id = l.lot_id and e.kind = 'transfer_in') i on true
         where o.sent <> l.quantity_sent
            or (s.status = 'received') <> (l.quantity_received is not null)
            or i.received <> coalesce(l.quantity_received, 0)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every shipment line" : `${n} lines differ (${sample})` };
    },
  },
);

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

// Vaccination (docs/decisions/009-vaccination-and-open-vials.md).
invariantChecks.push(
  {
    name: "every dose given here is one stock issue of one dose",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        `select d.id::text as label
         from vaccine_doses d
         left join stock_operations o on o.id = d.stock_operation_id
         left join lateral (select count(*) as entries,
                                   count(*) filter (where e.quantity = -1 and e.lot_id = d.lot_id
                                                      and e.facility_id = d.facility_id and e.item_id = d.item_id) as matching
                            from stock_entries e where e.operation_id = o.id) x on true
         where (d.status = 'given' and d.source = 'here' and (o.id is null or o.kind <> 'issue' or o.facility_id <> d.facility_id
                                        or x.entries <> 1 or x.matching <> 1))
            or ((d.status = 'not_given' or d.source = 'card') and d.stock_operation_id is not null)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every dose" : `${n} doses differ (ids ${sample})` };
    },
  },
  {
    name: "open vials count their doses",
    async run(db) {
      const { n, sample } = await mismatchCount(
        db,
        // One pass over the doses grouped by vial: vaccine_doses has no index on open_vial_id,
        // and a per-vial lookup took hours on a record year (docs/performance.md).
        `with g as (
           select d.open_vial_id, count(*) as given,
                  count(*) filter (where d.lot_id <> w.lot_id or d.facility_id <> w.facility_id
                                     or d.item_id <> w.item_id) as elsewhere
           from vaccine_doses d join open_vials w on w.id = d.open_vial_id
           where d.status = 'given' group by d.open_vial_id)
         select v.id::text as label
         from open_vials v left join g on g.open_vial_id = v.id
         where v.doses_drawn <> coalesce(g.given, 0) or coalesce(g.elsewhere, 0) > 0
            or (v.status = 'finished') <> (v.doses_drawn = v.doses_per_vial)`,
      );
      return { ok: n === 0, detail: n === 0 ? "every vial" : `${n} vials differ (ids ${sample})` };
    },
  },
  {
    name: "expired vials wrote off the doses left",
    async run(db) {
      // The write-off equals the doses left in the vial, or less when it emptied the lot;
      // none when the lot had nothing left. Only expired vials have a write-off.
      const { n, sample } = await mismatchCount(
        db,
        `select v.id::text as label
         from open_vials v
         left join stock_operations o on o.id = v.wastage_operation_id
         left join lateral (select count(*) as entries, coalesce(-sum(e.quantity), 0) as written_off,
                                   min(e.balance_after) as balance_after,
                                   bool_and(e.lot_id = v.lot_id and e.facility_id = v.facility_id) as same_lot
                            from stock_entries e where e.operation_id = o.id) x on true
         where (v.status <> 'expired' and v.wastage_operation_id is not null)
            or (v.status = 'expired' and o.id is not null and (
                  o.kind <> 'adjustment' or o.reason is distinct from 'open_vial_expired' or x.entries <> 1
                  or not x.same_lot
                  or not (x.written_off = v.doses_per_vial - v.doses_drawn
                          or (x.written_off < v.doses_per_vial - v.doses_drawn and x.balance_after = 0))))`,
      );
      return { ok: n === 0, detail: n === 0 ? "every expired vial" : `${n} vials differ (ids ${sample})` };
    },
  },
);
