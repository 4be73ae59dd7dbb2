import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";

// Explicit snake_case names: automatic casing of names with digits is not predictable.
function countColumns() {
  return {
    adultMen: integer("adult_men").notNull().default(0),
    adultWomen: integer("adult_women").notNull().default(0),
    boys0to11m: integer("boys_0_11m").notNull().default(0),
    girls0to11m: integer("girls_0_11m").notNull().default(0),
    boys1to4: integer("boys_1_4").notNull().default(0),
    girls1to4: integer("girls_1_4").notNull().default(0),
    boys5to17: integer("boys_5_17").notNull().default(0),
    girls5to17: integer("girls_5_17").notNull().default(0),
    pregnant: integer("pregnant").notNull().default(0),
    lactating: integer("lactating").notNull().default(0),
    unaccompaniedMinors: integer("unaccompanied_minors").notNull().default(0),
    disabilities: integer("disabilities").notNull().default(0),
  };
}

/** The SQL names of the twelve count columns, for raw SQL (constraints, verify). */
export const groupColumnNames = [
  "adult_men",
  "adult_women",
  "boys_0_11m",
  "girls_0_11m",
  "boys_1_4",
  "girls_1_4",
  "boys_5_17",
  "girls_5_17",
  "pregnant",
  "lactating",
  "unaccompanied_minors",
  "disabilities",
];

/** The SQL condition that every count column is zero or more. */
const allNonNegative = sql.raw(groupColumnNames.map((c) => `"${c}" >= 0`).join(" and "));
/** Subgroups fit inside their groups. */
const subgroupsFit = sql.raw(
  `"pregnant" <= "adult_women" + "girls_5_17" and "lactating" <= "adult_women" + "girls_5_17"` +
    ` and "unaccompanied_minors" <= "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17"` +
    ` and "disabilities" <= "adult_men" + "adult_women" + "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17"`,
);

export const populationEntryKind = pgEnum("population_entry_kind", [
  "arrival",
  "departure",
  "transfer_out",
  "transfer_in",
  "reversal",
  // A headcount's difference with the census (docs/decisions/017-headcount-reconciliation.md).
  "correction",
]);

export const transferStatus = pgEnum("transfer_status", ["in_transit", "received"]);

export const transfers = pgTable(
  "transfers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    fromFacilityId: integer("from_facility_id")
      .notNull()
      .references(() => facilities.id),
    toFacilityId: integer("to_facility_id")
      .notNull()
      .references(() => facilities.id),
    status: transferStatus("status").notNull().default("in_transit"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    ...countColumns(),
    // People who left but did not arrive (sent minus received), recorded at receipt.
    missing: integer("missing").notNull().default(0),
    notes: text("notes").notNull().default(""),
  },
  (t) => [
    check("transfers_counts_non_negative", allNonNegative),
    check("transfers_distinct_facilities", sql`${t.fromFacilityId} <> ${t.toFacilityId}`),
    index("transfers_to_status_idx").on(t.toFacilityId, t.status),
    index("transfers_from_status_idx").on(t.fromFacilityId, t.status),
  ],
);

/**
 * The population ledger. Append-only (a trigger refuses UPDATE and DELETE): counts are
 * magnitudes as entered, and `sign` says whether they add to (+1) or take from (-1) the
 * census. A mistake is undone by a `reversal` entry with the opposite sign.
 */
export const populationEntries = pgTable(
  "population_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    kind: populationEntryKind("kind").notNull(),
    sign: smallint("sign").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    // The calendar day of occurred_at in the deployment's time zone, which the roll-ups use.
    day: date("day", { mode: "string" }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer("recorded_by").references(() => users.id),
    apiTokenId: integer("api_token_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    ...countColumns(),
    total: integer("total").notNull(),
    biometricsRegistered: integer("biometrics_registered").notNull().default(0),
    origin: text("origin").notNull().default(""),
    destination: text("destination").notNull().default(""),
    notes: text("notes").notNull().default(""),
    transferId: integer("transfer_id").references(() => transfers.id),
    reversesEntryId: bigint("reverses_entry_id", { mode: "number" }),
    reason: text("reason").notNull().default(""),
  },
  (t) => [
    uniqueIndex("population_entries_idempotency_key_idx").on(t.idempotencyKey),
    // An entry can be reversed once.
    uniqueIndex("population_entries_reverses_idx").on(t.reversesEntryId),
    index("population_entries_facility_occurred_idx").on(t.facilityId, t.occurredAt),
    index("population_entries_facility_id_idx").on(t.facilityId, t.id),
    check("population_entries_sign", sql`${t.sign} in (-1, 1)`),
    check("population_entries_counts_non_negative", allNonNegative),
    // A correction moves a subgroup alone (one more pregnant woman counted than recorded), so
    // only its effect on the census must fit; `::text` because the enum value is new in the
    // same migration, where comparing with it as an enum is refused.
    check("population_entries_subgroups_fit", sql`${t.kind}::text = 'correction' or (${subgroupsFit})`),
    check(
      "population_entries_total",
      sql`${t.total} = ${t.adultMen} + ${t.adultWomen} + ${t.boys0to11m} + ${t.girls0to11m} + ${t.boys1to4} + ${t.girls1to4} + ${t.boys5to17} + ${t.girls5to17}`,
    ),
    check("population_entries_biometrics", sql`${t.biometricsRegistered} between 0 and ${t.total}`),
    check("population_entries_reversal_reason", sql`(${t.kind} = 'reversal') = (${t.reversesEntryId} is not null)`),
  ],
);

export const populationEntryNationalities = pgTable(
  "population_entry_nationalities",
  {
    entryId: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => populationEntries.id),
    country: char("country", { length: 2 }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.country] }), check("nationalities_count_positive", sql`${t.count} > 0`)],
);

/** People present now, per facility and group: maintained in the same transaction as each entry. */
export const census = pgTable(
  "census",
  {
    facilityId: integer("facility_id")
      .primaryKey()
      .references(() => facilities.id),
    ...countColumns(),
    lastEntryAt: timestamp("last_entry_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check("census_non_negative", allNonNegative), check("census_subgroups_fit", subgroupsFit)],
);

/**
 * One row per facility and day with the day's movements and the net change per group.
 * End-of-day census for any day is today's census minus the net changes of the days after
 * it, so a 30-day chart reads 30 rows whatever the length of history.
 */
export const dailyPopulation = pgTable(
  "daily_population",
  {
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    day: date("day", { mode: "string" }).notNull(),
    arrivals: integer("arrivals").notNull().default(0),
    departures: integer("departures").notNull().default(0),
    transfersIn: integer("transfers_in").notNull().default(0),
    transfersOut: integer("transfers_out").notNull().default(0),
    entries: integer("entries").notNull().default(0),
    biometricsRegistered: integer("biometrics_registered").notNull().default(0),
    // Net change per group (signed).
    ...countColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.facilityId, t.day] }),
    // Today's row of every facility (the network page): without it, a scan of every day ever kept.
    index("daily_population_day_idx").on(t.day),
  ],
);

export const dailyNationalities = pgTable(
  "daily_nationalities",
  {
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    day: date("day", { mode: "string" }).notNull(),
    country: char("country", { length: 2 }).notNull(),
    arrivals: integer("arrivals").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.day, t.country] })],
);

/** Norms and thresholds, each with its source; admins edit them. */
export const norms = pgTable("norms", {
  key: text("key").primaryKey(),
  value: doublePrecision("value").notNull(),
  unit: text("unit").notNull(),
  source: text("source").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer("updated_by").references(() => users.id),
});

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_idx").on(t.tokenHash)],
);

export const apiTokenFacilities = pgTable(
  "api_token_facilities",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.facilityId] })],
);

/** The first response to each Idempotency-Key, returned again when the request is retried. */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: jsonb("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] })],
);


export const headcountStatus = pgEnum("headcount_status", ["draft", "submitted"]);

/**
 * A people count at a facility (docs/decisions/017-headcount-reconciliation.md): counted per
 * group on a draft, then submitted, which posts the difference with the census as `correction`
 * entries. Counts are JSON objects of the twelve groups (a draft may leave groups blank).
 */
export const headcountSheets = pgTable(
  "headcount_sheets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    status: headcountStatus("status").notNull().default("draft"),
    openedBy: integer("opened_by").references(() => users.id),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    // The census when the sheet was opened, shown beside each field.
    openingCensus: jsonb("opening_census").$type<Record<string, number>>().notNull(),
    counted: jsonb("counted").$type<Record<string, number>>().notNull().default({}),
    submittedBy: integer("submitted_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    // The census at the moment of submitting, under the census lock: what the count was compared with.
    expected: jsonb("expected").$type<Record<string, number>>(),
    reason: text("reason").notNull().default(""),
    idempotencyKey: text("idempotency_key"),
    increaseEntryId: bigint("increase_entry_id", { mode: "number" }).references(() => populationEntries.id),
    decreaseEntryId: bigint("decrease_entry_id", { mode: "number" }).references(() => populationEntries.id),
  },
  (t) => [
    index("headcount_sheets_facility_idx").on(t.facilityId, t.status),
    uniqueIndex("headcount_sheets_idempotency_idx").on(t.idempotencyKey),
    check("headcount_sheets_submitted", sql`(${t.status} = 'submitted') = (${t.submittedAt} is not null and ${t.expected} is not null)`),
  ],
);
