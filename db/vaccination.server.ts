import { and, asc, desc, eq, gt, gte, lt, lte, sql } from "drizzle-orm";
import { openVialDiscardAt, type OpenVialRule } from "../app/lib/domain/care";
import { assessDose, offeredSchedule, warningText, type ScheduleWarning } from "../app/lib/domain/schedule";
import { pickFefo, unusableReason, type LotState, type Unusable } from "../app/lib/domain/stock";
import { careCases, items, lots, openVials, stockBalances, vaccineDoses } from "./schema";
import { adjustStock, issueStock } from "./stock.server";
import type { Db } from "./types";

/**
 * Vaccination drawn from stock (docs/decisions/009-vaccination-and-open-vials.md). Doses stay
 * in the lot's balance until drawn; each dose given is one stock issue of one dose from the
 * vial's lot. A multi-dose vial is opened when no open vial of a usable lot has doses left;
 * when its open-vial time runs out, the doses left are written off (`open_vial_expired`).
 */

export interface VaccinationContext {
  recordedBy: number | null;
  idempotencyKey: string;
}

export interface VaccineItem {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  dosesPerVial: number | null;
  openVialRule: OpenVialRule | null;
  wastageRate: number | null;
}

const isMultiDose = (item: { dosesPerVial: number | null }) => (item.dosesPerVial ?? 1) > 1;

/** The active vaccines of the catalogue. */
export async function listVaccineItems(db: Db): Promise<VaccineItem[]> {
  return db
    .select({
      id: items.id,
      code: items.code,
      nameEs: items.nameEs,
      nameEn: items.nameEn,
      dosesPerVial: items.dosesPerVial,
      openVialRule: items.openVialRule,
      wastageRate: items.wastageRate,
    })
    .from(items)
    .where(and(eq(items.category, "vaccine"), eq(items.active, true)))
    .orderBy(asc(items.code));
}

/** A case of this facility by its code, with what vaccination needs (scoped: another facility's case is not found). */
export async function findCaseForVaccination(db: Db, facilityId: number, code: string) {
  const [row] = await db
    .select({
      id: careCases.id,
      code: careCases.code,
      name: careCases.name,
      sex: careCases.sex,
      birthDate: careCases.birthDate,
      pregnant: careCases.pregnant,
      status: careCases.status,
    })
    .from(careCases)
    .where(and(eq(careCases.facilityId, facilityId), eq(careCases.code, code)));
  return row;
}

/** A case's vaccine doses, newest first, with the lot. */
export async function listCaseDoses(db: Db, caseId: number) {
  return db
    .select({
      id: vaccineDoses.id,
      itemId: vaccineDoses.itemId,
      itemCode: items.code,
      nameEs: items.nameEs,
      nameEn: items.nameEn,
      doseNumber: vaccineDoses.doseNumber,
      status: vaccineDoses.status,
      occurredAt: vaccineDoses.occurredAt,
      lotNumber: lots.lotNumber,
      lotExpiry: lots.expiry,
      openVialId: vaccineDoses.openVialId,
      notGivenReason: vaccineDoses.notGivenReason,
      warning: vaccineDoses.warning,
      nextDueDate: vaccineDoses.nextDueDate,
      source: vaccineDoses.source,
      place: vaccineDoses.place,
      country: vaccineDoses.country,
      cardLotNumber: vaccineDoses.cardLotNumber,
    })
    .from(vaccineDoses)
    .innerJoin(items, eq(items.id, vaccineDoses.itemId))
    .leftJoin(lots, eq(lots.id, vaccineDoses.lotId))
    .where(eq(vaccineDoses.caseId, caseId))
    .orderBy(desc(vaccineDoses.occurredAt), desc(vaccineDoses.id));
}

interface LotRow extends LotState {
  lotNumber: string;
}

async function itemLots(db: Db, facilityId: number, itemId: number, lock: boolean): Promise<LotRow[]> {
  const query = db
    .select({
      lotId: stockBalances.lotId,
      lotNumber: lots.lotNumber,
      quantity: stockBalances.quantity,
      quarantined: stockBalances.quarantined,
      expiry: lots.expiry,
      vvmStage: stockBalances.vvmStage,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.itemId, itemId)))
    .orderBy(asc(stockBalances.lotId));
  const rows = lock ? await query.for("update", { of: stockBalances }) : await query;
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

/** Open vials of an item at a facility that may still be drawn from at `at`, first-expired lot first. */
async function drawableVials(db: Db, facilityId: number, itemId: number, at: Date, today: string) {
  const rows = await db
    .select({
      id: openVials.id,
      lotId: openVials.lotId,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      vvmStage: stockBalances.vvmStage,
      quarantined: stockBalances.quarantined,
      quantity: stockBalances.quantity,
      dosesPerVial: openVials.dosesPerVial,
      dosesDrawn: openVials.dosesDrawn,
      openedAt: openVials.openedAt,
      discardAt: openVials.discardAt,
    })
    .from(openVials)
    .innerJoin(lots, eq(lots.id, openVials.lotId))
    .innerJoin(stockBalances, and(eq(stockBalances.facilityId, openVials.facilityId), eq(stockBalances.lotId, openVials.lotId)))
    .where(
      and(
        eq(openVials.facilityId, facilityId),
        eq(openVials.itemId, itemId),
        eq(openVials.status, "open"),
        gt(openVials.discardAt, at),
        lte(openVials.openedAt, at),
        lt(openVials.dosesDrawn, openVials.dosesPerVial),
      ),
    )
    .orderBy(sql`${lots.expiry} asc nulls last`, asc(openVials.openedAt), asc(openVials.id));
  return rows.filter((r) => unusableReason({ ...r, lotId: r.lotId, quantity: Number(r.quantity) }, today) === null);
}

/** Doses still inside open vials, per lot (they are in the balance but promised to those vials). */
async function dosesInOpenVials(db: Db, facilityId: number, itemId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ lotId: openVials.lotId, left: sql<string>`sum(${openVials.dosesPerVial} - ${openVials.dosesDrawn})` })
    .from(openVials)
    .where(and(eq(openVials.facilityId, facilityId), eq(openVials.itemId, itemId), eq(openVials.status, "open")))
    .groupBy(openVials.lotId);
  return new Map(rows.map((r) => [r.lotId, Number(r.left)]));
}

/**
 * The lot a vial would be opened from: first-expired-first-out among usable lots whose balance,
 * less the doses still inside other open vials of that lot, holds a whole vial; at equal order a
 * lot that already has an open vial first.
 */
function chooseLotToOpen(lotRows: LotRow[], reserved: Map<number, number>, dosesPerVial: number, today: string) {
  const candidates = lotRows.map((l) => {
    const free = l.quantity - (reserved.get(l.lotId) ?? 0);
    return { ...l, quantity: free >= dosesPerVial ? free : 0 };
  });
  const pick = pickFefo(candidates, 1, today);
  if ("short" in pick) return { lot: undefined, free: Math.max(0, ...candidates.map((c) => c.quantity)) };
  const first = candidates.find((c) => c.lotId === pick.picks[0]!.lotId)!;
  // At the same expiry, a lot that already has an open vial goes first.
  const preferred = candidates.find(
    (c) => c.quantity > 0 && c.expiry === first.expiry && reserved.has(c.lotId) && unusableReason(c, today) === null,
  );
  const chosen = preferred ?? first;
  return { lot: lotRows.find((l) => l.lotId === chosen.lotId)!, free: chosen.quantity };
}

export interface DrawPlan {
  kind: "open-vial" | "new-vial" | "single-dose" | "none";
  lotId?: number;
  lotNumber?: string;
  expiry?: string | null;
  vialId?: number;
  dosesLeft?: number;
  discardAt?: Date;
}

/** Read-only: which lot (and vial) the next dose of an item would come from at `at`. */
export async function planDraw(db: Db, facilityId: number, item: VaccineItem, at: Date, today: string): Promise<DrawPlan> {
  const lotRows = await itemLots(db, facilityId, item.id, false);
  if (!isMultiDose(item)) {
    const pick = pickFefo(lotRows, 1, today);
    if ("short" in pick) return { kind: "none" };
    const lot = lotRows.find((l) => l.lotId === pick.picks[0]!.lotId)!;
    return { kind: "single-dose", lotId: lot.lotId, lotNumber: lot.lotNumber, expiry: lot.expiry };
  }
  const [vial] = await drawableVials(db, facilityId, item.id, at, today);
  if (vial) {
    return {
      kind: "open-vial",
      lotId: vial.lotId,
      lotNumber: vial.lotNumber,
      expiry: vial.expiry,
      vialId: vial.id,
      dosesLeft: vial.dosesPerVial - vial.dosesDrawn,
      discardAt: vial.discardAt,
    };
  }
  const { lot } = chooseLotToOpen(lotRows, await dosesInOpenVials(db, facilityId, item.id), item.dosesPerVial!, today);
  if (!lot) return { kind: "none" };
  return {
    kind: "new-vial",
    lotId: lot.lotId,
    lotNumber: lot.lotNumber,
    expiry: lot.expiry,
    dosesLeft: item.dosesPerVial!,
    discardAt: openVialDiscardAt(at, item.openVialRule ?? "days_28"),
  };
}

export interface ExpiredVial {
  vialId: number;
  facilityId: number;
  lotId: number;
  remaining: number;
  writtenOff: number;
  operationId: number | null;
}

/**
 * Closes the open vials whose time ran out by `now` (optionally of one facility or item): the
 * doses left are written off with reason `open_vial_expired` (as many as the balance holds;
 * never below zero) and the vial is marked expired with its wastage operation.
 */
export async function expireOpenVials(
  db: Db,
  input: { now: Date; facilityId?: number; itemId?: number },
  ctx: { recordedBy: number | null },
): Promise<ExpiredVial[]> {
  const due = await db
    .select({ id: openVials.id })
    .from(openVials)
    .where(
      and(
        eq(openVials.status, "open"),
        lte(openVials.discardAt, input.now),
        input.facilityId ? eq(openVials.facilityId, input.facilityId) : undefined,
        input.itemId ? eq(openVials.itemId, input.itemId) : undefined,
      ),
    )
    .orderBy(asc(openVials.id));
  if (due.length === 0) return [];
  const closed: ExpiredVial[] = [];
  for (const { id } of due) {
    // Lock, then look again: another transaction may have closed it meanwhile.
    const [vial] = await db.select().from(openVials).where(eq(openVials.id, id)).for("update");
    if (!vial || vial.status !== "open" || vial.discardAt > input.now) continue;
    const remaining = vial.dosesPerVial - vial.dosesDrawn;
    const [balance] = await db
      .select({ quantity: stockBalances.quantity })
      .from(stockBalances)
      .where(and(eq(stockBalances.facilityId, vial.facilityId), eq(stockBalances.lotId, vial.lotId)));
    const writeOff = Math.min(remaining, Math.max(0, Number(balance?.quantity ?? 0)));
    let operationId: number | null = null;
    if (writeOff > 0) {
      const outcome = await adjustStock(
        db,
        {
          facilityId: vial.facilityId,
          lotId: vial.lotId,
          delta: -writeOff,
          reason: "open_vial_expired",
          occurredAt: vial.discardAt,
          notes: `open vial ${vial.id}`,
        },
        { recordedBy: ctx.recordedBy, idempotencyKey: `open-vial:${vial.id}:expired` },
      );
      if (outcome.status === "created" || outcome.status === "duplicate") operationId = outcome.operationId;
      else throw new Error(`open vial ${vial.id}: write-off refused (${outcome.status})`);
    }
    await db.update(openVials).set({ status: "expired", wastageOperationId: operationId }).where(eq(openVials.id, vial.id));
    closed.push({ vialId: vial.id, facilityId: vial.facilityId, lotId: vial.lotId, remaining, writtenOff: writeOff, operationId });
  }
  return closed;
}

export type DoseOutcome =
  | {
      status: "created";
      doseId: number;
      lotId: number | null;
      openVialId: number | null;
      openedVial: boolean;
      stockOperationId: number | null;
      warnings: ScheduleWarning[];
      nextDueDate: string | null;
      expired: ExpiredVial[];
    }
  | { status: "duplicate"; doseId: number }
  | { status: "no-stock"; available: number }
  | { status: "unusable"; lotId: number; reason: Unusable }
  | { status: "insufficient"; lotId?: number; available: number };

class Refused extends Error {
  constructor(readonly outcome: DoseOutcome) {
    super(outcome.status);
  }
}

/**
 * Records a dose given (drawn from stock in this transaction) or not given (with a reason,
 * no stock). Catch-up and out-of-order doses are recorded with a warning, never refused.
 * Call inside a transaction.
 */
export async function recordDose(
  db: Db,
  input: {
    facilityId: number;
    caseId: number;
    item: VaccineItem;
    doseNumber: number;
    status: "given" | "not_given";
    notGivenReason?: string;
    occurredAt: Date;
    /** YYYY-MM-DD of occurredAt in the deployment's time zone. */
    today: string;
    birthDate: string | null;
  },
  ctx: VaccinationContext,
): Promise<DoseOutcome> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`vaccine:${ctx.idempotencyKey}`}))`);
  const [existing] = await db.select({ id: vaccineDoses.id }).from(vaccineDoses).where(eq(vaccineDoses.idempotencyKey, ctx.idempotencyKey));
  if (existing) return { status: "duplicate", doseId: existing.id };

  const previous = await db
    .select({ doseNumber: vaccineDoses.doseNumber, occurredAt: vaccineDoses.occurredAt })
    .from(vaccineDoses)
    .where(and(eq(vaccineDoses.caseId, input.caseId), eq(vaccineDoses.itemId, input.item.id), eq(vaccineDoses.status, "given")));
  const assessment = assessDose({
    schedule: offeredSchedule[input.item.code],
    doseNumber: input.doseNumber,
    onDay: input.today,
    birthDate: input.birthDate,
    // Days of earlier doses in UTC are close enough for intervals counted in weeks.
    given: previous.map((p) => ({ doseNumber: p.doseNumber, day: p.occurredAt.toISOString().slice(0, 10) })),
  });
  const base = {
    caseId: input.caseId,
    facilityId: input.facilityId,
    itemId: input.item.id,
    doseNumber: input.doseNumber,
    occurredAt: input.occurredAt,
    idempotencyKey: ctx.idempotencyKey,
    warning: warningText(assessment.warnings),
    recordedBy: ctx.recordedBy,
  };

  if (input.status === "not_given") {
    const [row] = await db
      .insert(vaccineDoses)
      .values({ ...base, status: "not_given", notGivenReason: input.notGivenReason ?? "", nextDueDate: null })
      .returning({ id: vaccineDoses.id });
    return {
      status: "created",
      doseId: row!.id,
      lotId: null,
      openVialId: null,
      openedVial: false,
      stockOperationId: null,
      warnings: assessment.warnings,
      nextDueDate: null,
      expired: [],
    };
  }

  // One order of locks for every dose of a multi-dose vaccine at a facility: this advisory lock,
  // then vials, then stock balances. Without it a dose drawing from a vial (vial, then balance)
  // and a dose at a later time closing that same vial as expired (balance from an earlier
  // write-off, then vial) could wait on each other: the benchmark's 16 concurrent doses hit
  // `deadlock detected`. The draws contend on the same vial row anyway, so nothing is lost.
  if (isMultiDose(input.item)) {
    await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`open-vial:${input.facilityId}:${input.item.id}`}))`);
  }
  // Vials whose time ran out are closed first, so no dose is drawn from them.
  const expired = await expireOpenVials(db, { now: input.occurredAt, facilityId: input.facilityId, itemId: input.item.id }, ctx);
  try {
    // A savepoint: a refusal after a vial was opened leaves nothing behind.
    return await db.transaction(async (sp) => {
      let lotId: number;
      let vialId: number | null = null;
      let openedVial = false;
      let operationId: number;
      if (isMultiDose(input.item)) {
        const dosesPerVial = input.item.dosesPerVial!;
        let vial: { id: number; lotId: number; dosesDrawn: number; dosesPerVial: number } | undefined = await lockDrawableVial(sp, input.facilityId, input.item.id, input.occurredAt, input.today);
        if (!vial) {
          // Opening is serialised per facility and item (hence per lot): two workers who both
          // found no vial open one between them, and the second draws from it.
          await sp.execute(sql`select pg_advisory_xact_lock(hashtext(${`open-vial:${input.facilityId}:${input.item.id}`}))`);
          vial = await lockDrawableVial(sp, input.facilityId, input.item.id, input.occurredAt, input.today);
          if (!vial) {
            const lotRows = await itemLots(sp, input.facilityId, input.item.id, true);
            const reserved = await dosesInOpenVials(sp, input.facilityId, input.item.id);
            const { lot, free } = chooseLotToOpen(lotRows, reserved, dosesPerVial, input.today);
            if (!lot) throw new Refused({ status: "no-stock", available: free });
            const [opened] = await sp
              .insert(openVials)
              .values({
                facilityId: input.facilityId,
                itemId: input.item.id,
                lotId: lot.lotId,
                openedAt: input.occurredAt,
                discardAt: openVialDiscardAt(input.occurredAt, input.item.openVialRule ?? "days_28"),
                dosesPerVial,
                openedBy: ctx.recordedBy,
              })
              .returning({ id: openVials.id, lotId: openVials.lotId, dosesDrawn: openVials.dosesDrawn, dosesPerVial: openVials.dosesPerVial });
            vial = opened!;
            openedVial = true;
          }
        }
        lotId = vial.lotId;
        vialId = vial.id;
        const issued = await issueStock(
          sp,
          { facilityId: input.facilityId, itemId: input.item.id, quantity: 1, lotId, occurredAt: input.occurredAt, today: input.today, notes: `vaccine dose, open vial ${vial.id}` },
          { recordedBy: ctx.recordedBy, idempotencyKey: `${ctx.idempotencyKey}:dose` },
        );
        operationId = refuseUnlessCreated(issued);
        const drawn = vial.dosesDrawn + 1;
        await sp
          .update(openVials)
          .set({ dosesDrawn: drawn, status: drawn >= vial.dosesPerVial ? "finished" : "open" })
          .where(eq(openVials.id, vial.id));
      } else {
        const issued = await issueStock(
          sp,
          { facilityId: input.facilityId, itemId: input.item.id, quantity: 1, occurredAt: input.occurredAt, today: input.today, notes: "vaccine dose" },
          { recordedBy: ctx.recordedBy, idempotencyKey: `${ctx.idempotencyKey}:dose` },
        );
        operationId = refuseUnlessCreated(issued);
        if (issued.status !== "created") throw new Error("unreachable");
        lotId = issued.entries[0]!.lotId;
      }
      const [row] = await sp
        .insert(vaccineDoses)
        .values({ ...base, status: "given", lotId, openVialId: vialId, stockOperationId: operationId, nextDueDate: assessment.nextDueDate })
        .returning({ id: vaccineDoses.id });
      return {
        status: "created" as const,
        doseId: row!.id,
        lotId,
        openVialId: vialId,
        openedVial,
        stockOperationId: operationId,
        warnings: assessment.warnings,
        nextDueDate: assessment.nextDueDate,
        expired,
      };
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

function refuseUnlessCreated(outcome: Awaited<ReturnType<typeof issueStock>>): number {
  if (outcome.status === "created") return outcome.operationId;
  if (outcome.status === "unusable") throw new Refused({ status: "unusable", lotId: outcome.lotId, reason: outcome.reason });
  if (outcome.status === "insufficient") {
    throw new Refused(outcome.lotId ? { status: "insufficient", lotId: outcome.lotId, available: outcome.available } : { status: "no-stock", available: outcome.available });
  }
  // A duplicate stock key under a fresh dose key cannot happen (the dose key is claimed first).
  throw new Error(`vaccine dose: unexpected stock outcome ${outcome.status}`);
}

/**
 * The first drawable open vial, locked FOR UPDATE and read again under the lock, so two
 * workers drawing from one vial at once are both counted and never overdraw it.
 */
async function lockDrawableVial(db: Db, facilityId: number, itemId: number, at: Date, today: string) {
  for (const candidate of await drawableVials(db, facilityId, itemId, at, today)) {
    const [vial] = await db
      .select({ id: openVials.id, lotId: openVials.lotId, dosesDrawn: openVials.dosesDrawn, dosesPerVial: openVials.dosesPerVial, status: openVials.status, discardAt: openVials.discardAt })
      .from(openVials)
      .where(eq(openVials.id, candidate.id))
      .for("update");
    if (vial && vial.status === "open" && vial.dosesDrawn < vial.dosesPerVial && vial.discardAt > at) return vial;
  }
  return undefined;
}

/** Changes the reason a dose was not given; returns the reason before, or undefined when there is no such dose. */
export async function changeNotGivenReason(
  db: Db,
  input: { facilityId: number; caseId: number; doseId: number; reason: string },
): Promise<{ before: string } | undefined> {
  const [dose] = await db
    .select({ id: vaccineDoses.id, reason: vaccineDoses.notGivenReason })
    .from(vaccineDoses)
    .where(
      and(
        eq(vaccineDoses.id, input.doseId),
        eq(vaccineDoses.caseId, input.caseId),
        eq(vaccineDoses.facilityId, input.facilityId),
        eq(vaccineDoses.status, "not_given"),
      ),
    )
    .for("update");
  if (!dose) return undefined;
  await db.update(vaccineDoses).set({ notGivenReason: input.reason }).where(eq(vaccineDoses.id, dose.id));
  return { before: dose.reason };
}

/** Open vials at a facility: doses left and when they must be discarded. */
export async function listOpenVials(db: Db, facilityId: number) {
  const rows = await db
    .select({
      id: openVials.id,
      itemCode: items.code,
      nameEs: items.nameEs,
      nameEn: items.nameEn,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      openedAt: openVials.openedAt,
      discardAt: openVials.discardAt,
      dosesPerVial: openVials.dosesPerVial,
      dosesDrawn: openVials.dosesDrawn,
    })
    .from(openVials)
    .innerJoin(items, eq(items.id, openVials.itemId))
    .innerJoin(lots, eq(lots.id, openVials.lotId))
    .where(and(eq(openVials.facilityId, facilityId), eq(openVials.status, "open")))
    .orderBy(asc(openVials.discardAt), asc(openVials.id));
  return rows.map((r) => ({ ...r, dosesLeft: r.dosesPerVial - r.dosesDrawn }));
}

/** Facilities that have open vials past their discard time (for the CLI). */
export async function facilitiesWithExpiredVials(db: Db, now: Date): Promise<number[]> {
  const rows = await db
    .selectDistinct({ facilityId: openVials.facilityId })
    .from(openVials)
    .where(and(eq(openVials.status, "open"), lte(openVials.discardAt, now)));
  return rows.map((r) => r.facilityId);
}


/** How far back a dose form's entry is compared with the same person's last doses. */
export const DOSE_TWIN_WINDOW_MINUTES = 15;

/**
 * The latest dose of this case, vaccine, dose number and status that the same user recorded at
 * the facility in the last DOSE_TWIN_WINDOW_MINUTES under another key. A second record of a dose
 * number is allowed (it is written with the "already given" warning: a dose given again after
 * a lost card is real), so without JavaScript Back and resubmit would write the dose, and draw
 * the stock, twice (issue 15): the form asks first. A key already recorded has no twin: its
 * resend is a duplicate. Reads the case's doses of that vaccine (vaccine_doses_case_idx).
 */
export async function findRecentDoseTwin(
  db: Db,
  facilityId: number,
  match: {
    caseId: number;
    itemId: number;
    doseNumber: number;
    status: "given" | "not_given";
    recordedBy: number;
    idempotencyKey: string;
    now?: Date;
  },
): Promise<{ doseId: number; recordedAt: Date; lotNumber: string | null } | undefined> {
  const [known] = await db
    .select({ id: vaccineDoses.id })
    .from(vaccineDoses)
    .where(eq(vaccineDoses.idempotencyKey, match.idempotencyKey))
    .limit(1);
  if (known) return undefined;
  const since = new Date((match.now ?? new Date()).getTime() - DOSE_TWIN_WINDOW_MINUTES * 60_000);
  const [row] = await db
    .select({ doseId: vaccineDoses.id, recordedAt: vaccineDoses.recordedAt, lotNumber: lots.lotNumber })
    .from(vaccineDoses)
    .leftJoin(lots, eq(lots.id, vaccineDoses.lotId))
    .where(
      and(
        eq(vaccineDoses.facilityId, facilityId),
        eq(vaccineDoses.caseId, match.caseId),
        eq(vaccineDoses.itemId, match.itemId),
        eq(vaccineDoses.doseNumber, match.doseNumber),
        eq(vaccineDoses.status, match.status),
        eq(vaccineDoses.source, "here"),
        eq(vaccineDoses.recordedBy, match.recordedBy),
        gte(vaccineDoses.recordedAt, since),
        sql`${vaccineDoses.idempotencyKey} <> ${match.idempotencyKey}`,
      ),
    )
    .orderBy(desc(vaccineDoses.id))
    .limit(1);
  return row;
}

export type CardDoseOutcome =
  | { status: "created"; doseId: number; warnings: ScheduleWarning[]; nextDueDate: string | null }
  /** The same key, or the same vaccine, dose number and day already read from a card for this case. */
  | { status: "duplicate"; doseId: number };

/**
 * Records a dose given elsewhere, read from a home card or another country's record: given,
 * with the place, country and the card's lot number, and no lot, vial or stock operation. It
 * counts in the schedule like a dose given here (the next dose is due after it). A second
 * record of the same vaccine, dose number and day for the case is the same card line read
 * twice (Back and resubmit without JavaScript): the first is returned. Call inside a transaction.
 */
export async function recordCardDose(
  db: Db,
  input: {
    facilityId: number;
    caseId: number;
    item: VaccineItem;
    doseNumber: number;
    /** The day it was given (YYYY-MM-DD), as the card writes it. */
    givenOn: string;
    /** The instant stored for that day (noon where the facility is). */
    occurredAt: Date;
    place: string;
    country: string;
    lotNumber: string;
    birthDate: string | null;
  },
  ctx: VaccinationContext,
): Promise<CardDoseOutcome> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`vaccine:${ctx.idempotencyKey}`}))`);
  // One card line at a time per case and vaccine, so two readings of the same line find each other.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`card-dose:${input.caseId}:${input.item.id}`}))`);
  const [existing] = await db.select({ id: vaccineDoses.id }).from(vaccineDoses).where(eq(vaccineDoses.idempotencyKey, ctx.idempotencyKey));
  if (existing) return { status: "duplicate", doseId: existing.id };
  const previous = await db
    .select({ id: vaccineDoses.id, doseNumber: vaccineDoses.doseNumber, occurredAt: vaccineDoses.occurredAt, source: vaccineDoses.source })
    .from(vaccineDoses)
    .where(and(eq(vaccineDoses.caseId, input.caseId), eq(vaccineDoses.itemId, input.item.id), eq(vaccineDoses.status, "given")));
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const same = previous.find((p) => p.source === "card" && p.doseNumber === input.doseNumber && day(p.occurredAt) === input.givenOn);
  if (same) return { status: "duplicate", doseId: same.id };
  const assessment = assessDose({
    schedule: offeredSchedule[input.item.code],
    doseNumber: input.doseNumber,
    onDay: input.givenOn,
    birthDate: input.birthDate,
    given: previous.map((p) => ({ doseNumber: p.doseNumber, day: day(p.occurredAt) })),
  });
  const [row] = await db
    .insert(vaccineDoses)
    .values({
      caseId: input.caseId,
      facilityId: input.facilityId,
      itemId: input.item.id,
      doseNumber: input.doseNumber,
      status: "given",
      source: "card",
      occurredAt: input.occurredAt,
      idempotencyKey: ctx.idempotencyKey,
      place: input.place,
      country: input.country,
      cardLotNumber: input.lotNumber,
      warning: warningText(assessment.warnings),
      nextDueDate: assessment.nextDueDate,
      recordedBy: ctx.recordedBy,
    })
    .returning({ id: vaccineDoses.id });
  return { status: "created", doseId: row!.id, warnings: assessment.warnings, nextDueDate: assessment.nextDueDate };
}
