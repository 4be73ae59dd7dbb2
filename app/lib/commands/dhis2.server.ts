// The DHIS2 push's writes (decision 027): settings, organisation units and mappings, each with
// its audit entry, and the push itself, claimed and audited before the request leaves.
import { appendAudit } from "#db/audit.server";
import {
  claimPush,
  completePush,
  deleteMapping,
  insertMapping,
  orgUnitTakenBy,
  saveDhis2Settings,
  scheduledAttempts,
  setOrgUnit,
  type Dhis2Settings,
  type PushResult,
} from "#db/dhis2.server";
import { getFacilityByCode } from "#db/facilities.server";
import type { Db } from "#db/types";
import type { Mapping, Period } from "~/lib/domain/dhis2";
import { dhis2Connection, plannedSets, postDataValueSet } from "~/lib/dhis2.server";
import { log } from "~/lib/log.server";
import { auditActorOf, type CommandActor } from "./actor.server";

type Invalid = { status: "invalid"; fieldErrors: Record<string, string[]> };

export async function saveSettings(db: Db, actor: CommandActor, settings: Dhis2Settings) {
  await db.transaction(async (tx) => {
    const before = await saveDhis2Settings(tx, settings, actor.userId);
    await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "dhis2_settings", entityId: 1, changes: { before, after: settings } });
  });
}

export async function saveOrgUnit(db: Db, actor: CommandActor, facilityCode: string, orgUnit: string): Promise<{ status: "saved" } | { status: "not-found" } | Invalid> {
  const facility = await getFacilityByCode(db, facilityCode);
  if (!facility) return { status: "not-found" };
  return db.transaction(async (tx) => {
    if (orgUnit && (await orgUnitTakenBy(tx, orgUnit, facility.id))) return { status: "invalid" as const, fieldErrors: { orgUnit: ["dhis2.orgUnitTaken"] } };
    const before = await setOrgUnit(tx, facility.id, orgUnit);
    if (before !== orgUnit) {
      await appendAudit(tx, auditActorOf(actor), {
        action: "update",
        entity: "dhis2_org_unit",
        entityId: facility.code,
        facilityId: facility.id,
        changes: { orgUnit: [before, orgUnit] },
      });
    }
    return { status: "saved" as const };
  });
}

export async function addMapping(db: Db, actor: CommandActor, mapping: Mapping): Promise<{ status: "created"; id: number } | Invalid> {
  return db.transaction(async (tx): Promise<{ status: "created"; id: number } | Invalid> => {
    const inserted = await insertMapping(tx, mapping);
    if (inserted === "indicator-taken") return { status: "invalid", fieldErrors: { detail: ["dhis2.indicatorTaken"] } };
    if (inserted === "cell-taken") return { status: "invalid", fieldErrors: { dataElement: ["dhis2.cellTaken"] } };
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "dhis2_mapping", entityId: inserted.id, changes: { ...mapping } });
    return { status: "created", id: inserted.id };
  });
}

export async function removeMapping(db: Db, actor: CommandActor, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await deleteMapping(tx, id);
    if (!removed) return false;
    await appendAudit(tx, auditActorOf(actor), { action: "delete", entity: "dhis2_mapping", entityId: id, changes: { ...removed } });
    return true;
  });
}

export interface PushRequest {
  /** Any day of the period to send. */
  day: string;
  /** DHIS2 checks and answers without saving (its dryRun parameter). */
  dryRun: boolean;
  trigger: "manual" | "schedule";
  /** A form's key, or for the schedule "schedule:<data set>:<period>". */
  idempotencyKey: string;
}

export interface FacilityPush {
  facilityCode: string;
  pushId: number | null;
  /** Null when this key was pushed already (a resubmitted form, another server's job). */
  result: PushResult | null;
}

export type PushOutcome =
  | { status: "not-configured"; reason: string }
  | { status: "nothing-to-send" }
  | { status: "sent"; period: Period; pushes: FacilityPush[] };

/** A scheduled push gives up on a period after this many failed attempts (the log shows them). */
export const SCHEDULE_ATTEMPTS = 5;

/**
 * Sends the period's data value sets, one per facility with an organisation unit. Each is
 * claimed in the log and audited in one transaction before it leaves, so a second submission of
 * the same key sends nothing; DHIS2's import summary then completes the log row.
 */
export async function pushPeriod(db: Db, actor: CommandActor, request: PushRequest): Promise<PushOutcome> {
  const connection = dhis2Connection();
  if ("missing" in connection) return { status: "not-configured", reason: connection.missing };
  const { period, dataSet, sets } = await plannedSets(db, request.day);
  if (sets.length === 0) return { status: "nothing-to-send" };
  const attempts =
    request.trigger === "schedule" ? await scheduledAttempts(db, request.idempotencyKey, sets.map((s) => s.facilityId)) : undefined;
  const pushes: FacilityPush[] = [];
  for (const set of sets) {
    const attempt = attempts?.get(set.facilityId);
    if (attempt && (attempt.done || attempt.failures >= SCHEDULE_ATTEMPTS)) continue;
    // A form's key covers one page load, from which the admin may run a dry run and then push.
    const key = attempt
      ? `${request.idempotencyKey}:${set.facilityCode}:${attempt.failures + 1}`
      : `${request.idempotencyKey}:${request.dryRun ? "dry-run" : "push"}:${set.facilityCode}`;
    const pushId = await db.transaction(async (tx) => {
      const id = await claimPush(tx, {
        facilityId: set.facilityId,
        idempotencyKey: key,
        trigger: request.trigger,
        dryRun: request.dryRun,
        dataSet,
        period: period.id,
        orgUnit: set.payload.orgUnit,
        payload: set.payload,
        requestedBy: actor.userId,
      });
      if (id !== null) {
        await appendAudit(tx, auditActorOf(actor), {
          action: request.dryRun ? "dhis2-dry-run" : "dhis2-push",
          entity: "dhis2_push",
          entityId: id,
          facilityId: set.facilityId,
          changes: { trigger: request.trigger, dataSet, period: period.id, orgUnit: set.payload.orgUnit, values: set.payload.dataValues.length },
        });
      }
      return id;
    });
    if (pushId === null) {
      pushes.push({ facilityCode: set.facilityCode, pushId: null, result: null });
      continue;
    }
    const result = await postDataValueSet(connection, set.payload, { dryRun: request.dryRun });
    await completePush(db, set.facilityId, pushId, result);
    log(result.summary ? "info" : "warn", "dhis2 push", {
      pushId,
      facility: set.facilityCode,
      period: period.id,
      dryRun: request.dryRun,
      httpStatus: result.httpStatus,
      importStatus: result.summary?.status ?? null,
      error: result.error || null,
    });
    pushes.push({ facilityCode: set.facilityCode, pushId, result });
  }
  return { status: "sent", period, pushes };
}
