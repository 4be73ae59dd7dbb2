// Record people leaving: onward travel or a transfer to another facility of the network. The one
// write behind the departure form and POST /departures.
import { recordDeparture as appendDeparture, sendTransfer, type TransferOutcome } from "#db/census.server";
import { getFacilityByCode } from "#db/facilities.server";
import type { Db } from "#db/types";
import type { Counts } from "~/lib/domain/population";
import { messageWithParams } from "~/lib/i18n";
import { refusalFieldErrors, repeatQuestion } from "~/lib/population.server";
import { countsOf } from "~/lib/schemas/movement";
import { dayOf } from "~/lib/time.server";
import { auditSource, ledgerKeyFor, type CommandActor, type FormQuestions } from "./actor.server";
import { auditNewEntry } from "./entry-audit.server";

export interface DepartureInput {
  facilityId: number;
  occurredAt: Date;
  counts: Counts;
  /** Onward travel names a place (`destination`); a transfer names the receiving facility's code. */
  kind: "onward" | "transfer";
  toFacility: string;
  destination: string;
  notes: string;
}

export type DepartureOutcome =
  | { status: "created" | "duplicate"; entryId: number; transferId: number | null; toFacility: string | null; census: Counts }
  /** The receiving facility does not exist or is this one (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** The ledger refused it (more people than are present; 409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]> }
  /** A form's question (an identical group minutes ago): nothing written until confirmed. */
  | { status: "question"; formErrors: string[] };

const entryKind = (input: DepartureInput) => (input.kind === "transfer" ? ("transfer_out" as const) : ("departure" as const));

/** The audit entry's changes: the same keys from a form and the API. */
export function departureAudit(
  actor: CommandActor,
  key: string,
  input: DepartureInput,
  entry: { destination: string; toFacility: string | null; transferId: number | null },
) {
  return {
    kind: entryKind(input),
    ...auditSource(actor, key),
    occurredAt: input.occurredAt.toISOString(),
    counts: input.counts,
    destination: entry.destination,
    toFacility: entry.toFacility,
    transferId: entry.transferId,
  };
}

/**
 * The receiving facility of a transfer, worded for who sent it: the form's message names its
 * select, the API's the code it was sent.
 */
async function receivingFacility(
  db: Db,
  actor: CommandActor,
  input: DepartureInput,
): Promise<{ id: number; code: string; fieldErrors?: undefined } | { fieldErrors: Record<string, string[]> }> {
  // People may be sent to any facility of the network; the receiving one records their arrival.
  const to = await getFacilityByCode(db, input.toFacility);
  if (to && to.id !== input.facilityId) return { id: to.id, code: to.code };
  if (!actor.token) return { fieldErrors: { toFacility: ["departure.unknownFacility"] } };
  return {
    fieldErrors: { toFacility: [to ? "api.toFacilitySame" : messageWithParams("api.toFacilityUnknown", { code: input.toFacility })] },
  };
}

/** The write inside a transaction the caller owns (the API's, which also claims its key). */
export async function recordDepartureIn(tx: Db, actor: CommandActor, input: DepartureInput, key: string): Promise<DepartureOutcome> {
  const to = input.kind === "transfer" ? await receivingFacility(tx, actor, input) : null;
  if (to?.fieldErrors) return { status: "invalid", fieldErrors: to.fieldErrors };
  const movement = {
    facilityId: input.facilityId,
    occurredAt: input.occurredAt,
    day: dayOf(input.occurredAt),
    counts: input.counts,
    // A transfer's entry names where the people went by the receiving facility's code.
    destination: to ? to.code : input.destination,
    notes: input.notes,
  };
  const ctx = { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) };
  const outcome: TransferOutcome = to ? await sendTransfer(tx, { ...movement, toFacilityId: to.id }, ctx) : await appendDeparture(tx, movement, ctx);
  const refused = refusalFieldErrors(outcome);
  if (refused) return { status: "refused", fieldErrors: refused };
  if (outcome.status !== "created" && outcome.status !== "duplicate") throw new Error(`unexpected outcome ${outcome.status}`);
  const transferId = outcome.transferId ?? null;
  if (outcome.status === "created") await auditNewEntry(tx, actor, { facilityId: input.facilityId, entryId: outcome.entryId }, departureAudit(actor, key, input, { destination: movement.destination, toFacility: to?.code ?? null, transferId }));
  return { status: outcome.status, entryId: outcome.entryId, transferId, toFacility: to?.code ?? null, census: outcome.census };
}

/** One departure in its own transaction, after the form's question when a form asks it. */
export async function recordDeparture(
  db: Db,
  actor: CommandActor,
  input: DepartureInput,
  key: string,
  options: { questions?: FormQuestions } = {},
): Promise<DepartureOutcome> {
  if (options.questions && actor.userId !== null) {
    const repeat = await repeatQuestion(
      db,
      { facilityId: input.facilityId, kind: entryKind(input), recordedBy: actor.userId, counts: input.counts, idempotencyKey: ledgerKeyFor(actor, key) },
      options.questions.confirmRepeat,
    );
    if (repeat) return { status: "question", formErrors: [repeat] };
  }
  return db.transaction((tx) => recordDepartureIn(tx, actor, input, key));
}

/** The command's input from the departure schema's output (the form and the API share it). */
export function departureInputOf(
  facilityId: number,
  value: { occurredAt: Date; kind: "onward" | "transfer"; toFacility: string; destination: string; notes: string } & Counts,
): DepartureInput {
  return {
    facilityId,
    occurredAt: value.occurredAt,
    counts: countsOf(value),
    kind: value.kind,
    toFacility: value.toFacility,
    destination: value.destination,
    notes: value.notes,
  };
}
