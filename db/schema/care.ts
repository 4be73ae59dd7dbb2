import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";
import { items, lots, stockOperations } from "./stock";

export const sex = pgEnum("sex", ["female", "male", "unknown"]);
export const caseStatus = pgEnum("case_status", ["open", "closed"]);

/** A child or pregnant woman registered for care. Identifying fields are seen by health workers only. */
export const careCases = pgTable(
  "care_cases",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // Short, printable, unambiguous (no 0/O, 1/I): carried by the person to the next facility.
    code: text("code").notNull(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    name: text("name").notNull().default(""),
    documentNumber: text("document_number").notNull().default(""),
    sex: sex("sex").notNull(),
    birthDate: date("birth_date", { mode: "string" }),
    birthDateEstimated: boolean("birth_date_estimated").notNull().default(false),
    nationality: char("nationality", { length: 2 }),
    familyGroup: text("family_group").notNull().default(""),
    pregnant: boolean("pregnant").notNull().default(false),
    lastMenstrualPeriod: date("last_menstrual_period", { mode: "string" }),
    estimatedDueDate: date("estimated_due_date", { mode: "string" }),
    arrivalDate: date("arrival_date", { mode: "string" }).notNull(),
    status: caseStatus("status").notNull().default("open"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("care_cases_code_idx").on(t.code),
    index("care_cases_facility_idx").on(t.facilityId, t.status),
    // The follow-up list and care pages start from a facility's open cases: a few hundred among
    // every case ever registered. Without it the planner scans all cases (docs/performance.md).
    index("care_cases_open_idx").on(t.facilityId, t.id).where(sql`${t.status} = 'open'`),
    index("care_cases_family_idx").on(t.familyGroup),
    check("care_cases_code_format", sql`${t.code} ~ '^[A-HJ-NP-Z2-9]{8}$'`),
  ],
);

export const encounterKind = pgEnum("encounter_kind", ["child", "antenatal"]);
export const muacClass = pgEnum("muac_class", ["sam", "mam", "normal"]);

/** Screening and antenatal contacts. Append-only: a correction is a new encounter. */
export const careEncounters = pgTable(
  "care_encounters",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id")
      .notNull()
      .references(() => careCases.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    kind: encounterKind("kind").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    weightKg: doublePrecision("weight_kg"),
    heightCm: doublePrecision("height_cm"),
    muacMm: integer("muac_mm"),
    oedema: boolean("oedema"),
    nutrition: muacClass("nutrition"),
    rutfSachetsPerDay: doublePrecision("rutf_sachets_per_day"),
    gestationalWeeks: smallint("gestational_weeks"),
    systolic: smallint("systolic"),
    diastolic: smallint("diastolic"),
    haemoglobinGL: integer("haemoglobin_g_l"),
    anaemia: boolean("anaemia"),
    tdGiven: boolean("td_given"),
    ironFolicGiven: boolean("iron_folic_given"),
    contactNumber: smallint("contact_number"),
    nextContactDate: date("next_contact_date", { mode: "string" }),
    dangerSigns: jsonb("danger_signs").$type<string[]>().notNull().default([]),
    notes: text("notes").notNull().default(""),
    recordedBy: integer("recorded_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("care_encounters_idempotency_idx").on(t.idempotencyKey),
    index("care_encounters_case_idx").on(t.caseId, t.occurredAt),
    index("care_encounters_facility_idx").on(t.facilityId, t.occurredAt),
    check("care_encounters_muac_range", sql`${t.muacMm} is null or ${t.muacMm} between 50 and 400`),
    check("care_encounters_weight_range", sql`${t.weightKg} is null or (${t.weightKg} > 0 and ${t.weightKg} < 300)`),
  ],
);

export const vialStatus = pgEnum("vial_status", ["open", "finished", "expired"]);

/**
 * An opened multi-dose vial. Doses stay in the lot's stock balance until drawn; each dose drawn is
 * one stock issue. When the open-vial time runs out, the doses left are written off as wastage.
 */
export const openVials = pgTable(
  "open_vials",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    discardAt: timestamp("discard_at", { withTimezone: true }).notNull(),
    dosesPerVial: smallint("doses_per_vial").notNull(),
    dosesDrawn: smallint("doses_drawn").notNull().default(0),
    status: vialStatus("status").notNull().default("open"),
    wastageOperationId: bigint("wastage_operation_id", { mode: "number" }).references(() => stockOperations.id),
    openedBy: integer("opened_by").references(() => users.id),
  },
  (t) => [
    index("open_vials_facility_lot_idx").on(t.facilityId, t.lotId, t.status),
    check("open_vials_doses", sql`${t.dosesDrawn} >= 0 and ${t.dosesDrawn} <= ${t.dosesPerVial}`),
  ],
);

export const doseStatus = pgEnum("dose_status", ["given", "not_given"]);
/**
 * Where a dose given was given: here (drawn from this facility's stock) or elsewhere, as read
 * from a home card or another country's record ("desde carné"): no lot, vial or stock moved.
 */
export const doseSource = pgEnum("dose_source", ["here", "card"]);

/**
 * A vaccine dose given here (with its lot, vial and stock issue), given elsewhere (from a card:
 * place, country and the card's lot number as written, no stock) or not given (with a reason).
 */
export const vaccineDoses = pgTable(
  "vaccine_doses",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id")
      .notNull()
      .references(() => careCases.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    doseNumber: smallint("dose_number").notNull(),
    status: doseStatus("status").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    lotId: integer("lot_id").references(() => lots.id),
    openVialId: integer("open_vial_id").references(() => openVials.id),
    stockOperationId: bigint("stock_operation_id", { mode: "number" }).references(() => stockOperations.id),
    notGivenReason: text("not_given_reason").notNull().default(""),
    warning: text("warning").notNull().default(""),
    nextDueDate: date("next_due_date", { mode: "string" }),
    recordedBy: integer("recorded_by").references(() => users.id),
    // When the dose was written (occurredAt is when it was given, as typed): the dose form asks
    // before writing a twin of a dose recorded minutes ago (decision 016).
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    source: doseSource("source").notNull().default("here"),
    // A dose from a card: where it was given (free text), the country (ISO 3166-1 alpha-2, as
    // nationalities) and the lot number as the card writes it (not a lot of our stock).
    place: text("place").notNull().default(""),
    country: char("country", { length: 2 }),
    cardLotNumber: text("card_lot_number").notNull().default(""),
  },
  (t) => [
    uniqueIndex("vaccine_doses_idempotency_idx").on(t.idempotencyKey),
    uniqueIndex("vaccine_doses_stock_operation_idx").on(t.stockOperationId),
    index("vaccine_doses_case_idx").on(t.caseId, t.itemId),
    index("vaccine_doses_facility_idx").on(t.facilityId, t.occurredAt),
    // The care aggregates count doses transcribed from cards by when they were recorded.
    index("vaccine_doses_card_idx").on(t.facilityId, t.recordedAt).where(sql`${t.source} = 'card'`),
    // Given here ⇔ a stock issue and a lot; a dose from a card is given, with no lot, vial or
    // stock; only a dose from a card has a place, a country or a card lot number.
    check(
      "vaccine_doses_given_has_stock",
      sql`(${t.status} = 'given' and ${t.source} = 'here') = (${t.stockOperationId} is not null and ${t.lotId} is not null)`,
    ),
    check(
      "vaccine_doses_card_no_stock",
      sql`${t.source} = 'here' or (${t.status} = 'given' and ${t.stockOperationId} is null and ${t.lotId} is null and ${t.openVialId} is null)`,
    ),
    check(
      "vaccine_doses_card_fields",
      sql`${t.source} = 'card' or (${t.place} = '' and ${t.country} is null and ${t.cardLotNumber} = '')`,
    ),
  ],
);

export const referralUrgency = pgEnum("referral_urgency", ["emergency", "urgent", "routine"]);
export const referralStatus = pgEnum("referral_status", ["sent", "arrived", "returned"]);

export const referrals = pgTable(
  "referrals",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer("case_id")
      .notNull()
      .references(() => careCases.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    hospital: text("hospital").notNull(),
    urgency: referralUrgency("urgency").notNull(),
    reason: text("reason").notNull(),
    status: referralStatus("status").notNull().default("sent"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [index("referrals_case_idx").on(t.caseId), index("referrals_facility_idx").on(t.facilityId, t.status)],
);
