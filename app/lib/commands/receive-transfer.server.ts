// Receive people sent by another facility: the one write behind the receive form.
import { getTransferTo, receiveTransfer as appendReceipt } from "#db/census.server";
import type { Db } from "#db/types";
import { allGroups, totalOf, type Counts } from "~/lib/domain/population";
import { messageWithParams } from "~/lib/i18n";
import { refusalFieldErrors } from "~/lib/population.server";
import { countsOf } from "~/lib/schemas/movement";
import { dayOf } from "~/lib/time.server";
import { auditSource, ledgerKeyFor, type CommandActor } from "./actor.server";
import { auditNewEntry } from "./entry-audit.server";

export interface TransferReceiptInput {
  facilityId: number;
  transferId: number;
  occurredAt: Date;
  counts: Counts;
  notes: string;
}

export type TransferReceiptOutcome =
  | { status: "created" | "duplicate"; entryId: number; census: Counts; received: number; missing: number }
  /** No transfer with that id comes to this facility (404). */
  | { status: "not-found" }
  /** Someone received it already (409): nothing written. */
  | { status: "refused"; formErrors: string[] }
  /** More of a group than were sent, or the census refused it (409): a message per field, nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> };

/** The audit entry's changes: the same keys whatever the way in. */
export function transferReceiptAudit(actor: CommandActor, key: string, input: TransferReceiptInput) {
  return {
    kind: "transfer_in",
    ...auditSource(actor, key),
    transferId: input.transferId,
    occurredAt: input.occurredAt.toISOString(),
    counts: input.counts,
  };
}

async function sentCounts(db: Db, input: TransferReceiptInput): Promise<Counts | null> {
  const transfer = await getTransferTo(db, input.facilityId, input.transferId);
  return transfer ? (Object.fromEntries(allGroups.map((g) => [g, transfer[g]])) as Counts) : null;
}

/** The write inside a transaction the caller owns. */
export async function receiveTransferIn(tx: Db, actor: CommandActor, input: TransferReceiptInput, key: string): Promise<TransferReceiptOutcome> {
  const outcome = await appendReceipt(
    tx,
    { transferId: input.transferId, facilityId: input.facilityId, occurredAt: input.occurredAt, day: dayOf(input.occurredAt), counts: input.counts, notes: input.notes },
    { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
  );
  if (outcome.status === "not-found") return outcome;
  if (outcome.status === "already-received") return { status: "refused", formErrors: ["receive.alreadyReceived"] };
  if (outcome.status === "more-than-sent") {
    const sent = await sentCounts(tx, input);
    return {
      status: "invalid",
      fieldErrors: Object.fromEntries(outcome.groups.map((g) => [g, [messageWithParams("receive.moreThanSent", { sent: sent?.[g] ?? 0 })]])),
    };
  }
  const refused = refusalFieldErrors(outcome);
  if (refused) return { status: "invalid", fieldErrors: refused };
  if (outcome.status !== "created" && outcome.status !== "duplicate") throw new Error(`unexpected outcome ${outcome.status}`);
  if (outcome.status === "created") await auditNewEntry(tx, actor, { facilityId: input.facilityId, entryId: outcome.entryId }, transferReceiptAudit(actor, key, input));
  // What did not arrive: people counted as sent who are not among those received.
  const sent = await sentCounts(tx, input);
  const sentTotal = sent ? totalOf(sent) : 0;
  const received = totalOf(input.counts);
  return { status: outcome.status, entryId: outcome.entryId, census: outcome.census, received, missing: sentTotal - received };
}

/** One receipt in its own transaction. */
export async function receiveTransfer(db: Db, actor: CommandActor, input: TransferReceiptInput, key: string): Promise<TransferReceiptOutcome> {
  return db.transaction((tx) => receiveTransferIn(tx, actor, input, key));
}

/** The command's input from the receive schema's output. */
export function transferReceiptInputOf(facilityId: number, transferId: number, value: { occurredAt: Date; notes: string } & Counts): TransferReceiptInput {
  return { facilityId, transferId, occurredAt: value.occurredAt, counts: countsOf(value), notes: value.notes };
}
