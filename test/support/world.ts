import { eq, sql } from "drizzle-orm";
import { insertScenario } from "#db/planning.server";
import { insertApiToken } from "#db/api-tokens.server";
import { insertReferral, registerCase } from "#db/care.server";
import { recordArrival, sendTransfer } from "#db/census.server";
import { items } from "#db/schema";
import { queryRows } from "#db/sql.server";
import { openHeadcountSheet } from "#db/headcount.server";
import { insertRequest, insertRequestLines, moveRequest, setLineQuantities } from "#db/requests.server";
import { openCountSheet, receiveStock, sendShipment } from "#db/stock.server";
import type { Db } from "#db/types";
import { emptyCounts } from "~/lib/domain/population";
import type { Role } from "~/lib/permissions";
import { zonedDay } from "~/lib/time";
import { createFacility, createUser, type TestUser } from "./fixtures";

/**
 * A small network for the access-matrix, IDOR and bad-input tests: two facilities (SVC and LBL),
 * each holding one of every kind of record a URL or form can name (an entry, a transfer in
 * transit to it, a lot, a draft count sheet, a shipment in transit to it, a care case with a
 * referral, an approved stock request), one user of each role who is a member of SVC only, and an API token for SVC.
 * Requests for SVC are the "member" relation, requests for LBL the "not member" one.
 */
export const MEMBER = "SVC";
export const OTHER = "LBL";
export type FacilityCode = typeof MEMBER | typeof OTHER;

export interface FacilityRecords {
  id: number;
  code: FacilityCode;
  entryId: number;
  transferId: number;
  lotId: number;
  sheetId: number;
  /** A draft headcount sheet. */
  headcountId: number;
  shipmentId: number;
  /** An approved stock request this facility raised, supplied by the other one (RATION-KIT × 5). */
  requestId: number;
  caseCode: string;
  caseId: number;
  referralId: number;
}

export interface World {
  facilities: Record<FacilityCode, FacilityRecords>;
  users: Record<Role, TestUser>;
  /** A bearer token scoped to SVC only. */
  token: { id: number; secret: string };
  /** A token that is not the SVC one (for the revoke form). */
  otherTokenId: number;
  /** An account the user-editing form may change (deactivate, demote) without signing out the others. */
  editableUserId: number;
  /** A planner's scenario (no changes yet). */
  scenarioId: number;
}

const TIME_ZONE = "America/Panama";

export async function buildWorld(db: Db): Promise<World> {
  const svc = await createFacility(db, { code: MEMBER, name: "San Vicente" });
  const lbl = await createFacility(db, { code: OTHER, name: "Lajas Blancas" });
  const users = {
    admin: await createUser(db, { role: "admin", facilityIds: [svc] }),
    planner: await createUser(db, { role: "planner", facilityIds: [svc] }),
    manager: await createUser(db, { role: "manager", facilityIds: [svc] }),
    health_worker: await createUser(db, { role: "health_worker", facilityIds: [svc] }),
  } satisfies Record<Role, TestUser>;
  const [ration] = await db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  if (!ration) throw new Error("The migrated catalogue has no RATION-KIT.");
  const rationId = ration.id;
  const occurredAt = new Date(Date.now() - 3_600_000);
  const day = zonedDay(occurredAt, TIME_ZONE);
  const recordedBy = users.manager.id;

  async function records(facilityId: number, code: FacilityCode): Promise<Omit<FacilityRecords, "transferId" | "shipmentId" | "requestId">> {
    return db.transaction(async (tx) => {
      const counts = { ...emptyCounts(), adultMen: 20, adultWomen: 10 };
      const arrival = await recordArrival(tx, { facilityId, occurredAt, day, counts }, { recordedBy, idempotencyKey: `world-arrival-${code}` });
      if (arrival.status !== "created") throw new Error(`World arrival at ${code}: ${arrival.status}`);
      const receipt = await receiveStock(
        tx,
        { facilityId, occurredAt, lines: [{ itemId: rationId, lotNumber: `WORLD-${code}`, expiry: "2099-12-31", quantity: 500 }] },
        { recordedBy, idempotencyKey: `world-receipt-${code}` },
      );
      if (receipt.status !== "created") throw new Error(`World receipt at ${code}: ${receipt.status}`);
      const sheetId = await openCountSheet(tx, facilityId, recordedBy);
      const headcount = await openHeadcountSheet(tx, facilityId, recordedBy);
      const person = await registerCase(
        tx,
        {
          facilityId,
          name: `Persona ${code}`,
          documentNumber: `DOC-${code}`,
          sex: "female",
          birthDate: "2022-03-01",
          birthDateEstimated: false,
          nationality: "VE",
          familyGroup: "",
          pregnant: false,
          lastMenstrualPeriod: null,
          estimatedDueDate: null,
          arrivalDate: day,
        },
        users.health_worker.id,
      );
      const referralId = await insertReferral(
        tx,
        { caseId: person.id, facilityId, hospital: "Hospital de Metetí", urgency: "routine", reason: "World referral", sentAt: occurredAt },
        users.health_worker.id,
      );
      return {
        id: facilityId,
        code,
        entryId: arrival.entryId,
        lotId: receipt.entries[0]!.lotId,
        sheetId,
        headcountId: headcount.id,
        caseCode: person.code,
        caseId: person.id,
        referralId,
      };
    });
  }

  const base = { SVC: await records(svc, MEMBER), LBL: await records(lbl, OTHER) };

  // A transfer and a shipment in transit TO each facility, sent from the other one.
  async function inbound(to: FacilityCode, from: FacilityCode) {
    return db.transaction(async (tx) => {
      const transfer = await sendTransfer(
        tx,
        { facilityId: base[from].id, toFacilityId: base[to].id, occurredAt, day, counts: { ...emptyCounts(), adultMen: 2 } },
        { recordedBy, idempotencyKey: `world-transfer-${from}-${to}` },
      );
      if (transfer.status !== "created" || !transfer.transferId) throw new Error(`World transfer to ${to}: ${transfer.status}`);
      const shipment = await sendShipment(
        tx,
        { fromFacilityId: base[from].id, toFacilityId: base[to].id, occurredAt, lines: [{ lotId: base[from].lotId, quantity: 10 }] },
        { recordedBy, idempotencyKey: `world-shipment-${from}-${to}` },
      );
      if (shipment.status !== "created" || !shipment.shipmentId) throw new Error(`World shipment to ${to}: ${shipment.status}`);
      // An approved request from `to`, supplied by `from`: the review page finds it decided, the
      // pick list at `from` can pick it.
      const requestId = await insertRequest(tx, {
        facilityId: base[to].id,
        supplierFacilityId: base[from].id,
        emergency: false,
        neededBy: day,
        saturationDay: null,
        notes: "",
        idempotencyKey: `world-request-${to}`,
        createdBy: recordedBy,
      });
      if (!requestId) throw new Error(`World request of ${to}`);
      await insertRequestLines(tx, requestId, [{ itemId: rationId, requested: 5, suggested: null, stockOutDay: null, leadTimeDays: 7, formula: [] }]);
      await moveRequest(tx, { requestId }, ["draft"], "approved", { submittedAt: occurredAt });
      await setLineQuantities(tx, requestId, "approved", [{ itemId: rationId, quantity: 5 }]);
      return { transferId: transfer.transferId, shipmentId: shipment.shipmentId, requestId };
    });
  }

  const facilities = {
    SVC: { ...base.SVC, ...(await inbound(MEMBER, OTHER)) },
    LBL: { ...base.LBL, ...(await inbound(OTHER, MEMBER)) },
  };
  const token = await insertApiToken(db, { name: "world SVC", facilityIds: [svc], createdBy: users.admin.id });
  const other = await insertApiToken(db, { name: "world LBL", facilityIds: [lbl], createdBy: users.admin.id });
  const editable = await createUser(db, { role: "manager", facilityIds: [svc] });
  const scenarioId = await insertScenario(db, { name: "World surge", description: "", changes: [] }, users.planner.id);
  return {
    facilities,
    users,
    token: { id: token.id, secret: token.token },
    otherTokenId: other.id,
    editableUserId: editable.id,
    scenarioId,
  };
}

/** Tables whose rows change on every signed-in request (sessions, throttling), not data. */
const BOOKKEEPING = new Set(["sessions", "login_failures", "__drizzle_migrations"]);

/**
 * A fingerprint of every data table: its row count and a digest of its rows. Two equal
 * snapshots mean nothing was inserted, updated or deleted in between. API tokens are
 * counted only (a presented token's last-use time is bookkeeping).
 */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const names = tables
    .map((r) => r.name)
    .filter((n) => !BOOKKEEPING.has(n));
  const parts = names.map((name) =>
    name === "api_tokens"
      ? `select '${name}' as name, count(*)::text as fingerprint from "${name}"`
      : `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as fingerprint from "${name}" t`,
  );
  const result = await queryRows<{ name: string; fingerprint: string }>(db, sql.raw(parts.join(" union all ")));
  return Object.fromEntries(result.map((r) => [r.name, r.fingerprint]));
}
