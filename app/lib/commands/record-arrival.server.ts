// Record a group's arrival: the one write behind the arrival form, POST /arrivals and the batch.
import { appendAuditMany } from "#db/audit.server";
import { recordArrival as appendArrival, recordArrivals as appendArrivals } from "#db/census.server";
import type { Db } from "#db/types";
import type { Counts } from "~/lib/domain/population";
import { totalOf } from "~/lib/domain/population";
import { countsOf } from "~/lib/schemas/movement";
import { refusalFieldErrors, repeatQuestion, sizeQuestion } from "~/lib/population.server";
import { dayOf } from "~/lib/time.server";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor, type FormQuestions } from "./actor.server";
import { auditNewEntry } from "./entry-audit.server";

export interface ArrivalInput {
  facilityId: number;
  occurredAt: Date;
  counts: Counts;
  nationalities: { country: string; count: number }[];
  biometricsRegistered: number;
  origin: string;
  notes: string;
}

export type ArrivalOutcome =
  | { status: "created" | "duplicate"; entryId: number; census: Counts }
  /** The ledger refused it (a subgroup larger than its groups): a message per field, nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]> }
  /** A form's question (an identical group minutes ago, an unusual size): nothing written until confirmed. */
  | { status: "question"; formErrors: string[] };

export interface CommandOptions {
  /** Only forms ask (decision 016): the API and the batch are idempotent by their own keys. */
  questions?: FormQuestions;
}

/** The audit entry's changes: the same keys from a form, the API and the batch. */
export function arrivalAudit(actor: CommandActor, key: string, input: ArrivalInput) {
  return {
    kind: "arrival",
    ...auditSource(actor, key),
    occurredAt: input.occurredAt.toISOString(),
    counts: input.counts,
    nationalities: input.nationalities,
    biometricsRegistered: input.biometricsRegistered,
    origin: input.origin,
  };
}

async function arrivalQuestions(db: Db, actor: CommandActor, input: ArrivalInput, key: string, questions: FormQuestions) {
  if (actor.userId === null) return [];
  // Read before the transaction: the census lock is held as briefly as possible.
  const [repeat, size] = await Promise.all([
    repeatQuestion(
      db,
      { facilityId: input.facilityId, kind: "arrival", recordedBy: actor.userId, counts: input.counts, idempotencyKey: ledgerKeyFor(actor, key) },
      questions.confirmRepeat,
    ),
    sizeQuestion(db, input.facilityId, totalOf(input.counts), questions.confirmSize ?? false),
  ]);
  return [repeat, size].filter((m): m is string => m !== null);
}

/**
 * The write inside a transaction the caller owns (the batch runs many in one): the ledger entry,
 * the census and roll-ups (db/census.server.ts), and the audit entry when something was created.
 */
export async function recordArrivalIn(tx: Db, actor: CommandActor, input: ArrivalInput, key: string): Promise<ArrivalOutcome> {
  const outcome = await appendArrival(
    tx,
    {
      facilityId: input.facilityId,
      occurredAt: input.occurredAt,
      day: dayOf(input.occurredAt),
      counts: input.counts,
      nationalities: Object.fromEntries(input.nationalities.map((n) => [n.country, n.count])),
      biometricsRegistered: input.biometricsRegistered,
      origin: input.origin,
      notes: input.notes,
    },
    { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
  );
  const refused = refusalFieldErrors(outcome);
  if (refused) return { status: "refused", fieldErrors: refused };
  if (outcome.status !== "created" && outcome.status !== "duplicate") throw new Error(`unexpected outcome ${outcome.status}`);
  if (outcome.status === "created") await auditNewEntry(tx, actor, { facilityId: input.facilityId, entryId: outcome.entryId }, arrivalAudit(actor, key, input));
  return { status: outcome.status, entryId: outcome.entryId, census: outcome.census };
}

/** One arrival in its own transaction, after the form's questions when a form asks them. */
export async function recordArrival(
  db: Db,
  actor: CommandActor,
  input: ArrivalInput,
  key: string,
  options: CommandOptions = {},
): Promise<ArrivalOutcome> {
  if (options.questions) {
    const asked = await arrivalQuestions(db, actor, input, key, options.questions);
    if (asked.length) return { status: "question", formErrors: asked };
  }
  return db.transaction((tx) => recordArrivalIn(tx, actor, input, key));
}

/** The command's input from the arrival schema's output (the form, the API and the batch share it). */
export function arrivalInputOf(
  facilityId: number,
  value: {
    occurredAt: Date;
    nationalities: { country: string; count: number }[];
    biometricsRegistered: number;
    origin: string;
    notes: string;
  } & Counts,
): ArrivalInput {
  return {
    facilityId,
    occurredAt: value.occurredAt,
    counts: countsOf(value),
    // Rows left at 0 say nothing; dropped so that a pre-filled row never overwrites a counted one.
    nationalities: value.nationalities.filter((n) => n.count > 0),
    biometricsRegistered: value.biometricsRegistered,
    origin: value.origin,
    notes: value.notes,
  };
}

export type BatchArrivalResult =
  | { status: "created" | "duplicate"; entryId: number }
  | { status: "refused"; fieldErrors: Record<string, string[]> };

/**
 * Many arrivals at one facility inside the caller's transaction (the batch endpoint): the same
 * ledger rows, roll-ups and audit entries as recordArrivalIn for each, written set-based
 * (db/census.server.ts recordArrivals), so 500 groups cost a few statements, not 3,500.
 * test/integration/api-batch.test.ts checks the rows against the single endpoint's.
 */
export async function recordArrivalsIn(
  tx: Db,
  actor: CommandActor,
  facilityId: number,
  records: { input: ArrivalInput; key: string }[],
): Promise<BatchArrivalResult[]> {
  const outcomes = await appendArrivals(
    tx,
    facilityId,
    records.map(({ input, key }) => ({
      input: {
        occurredAt: input.occurredAt,
        day: dayOf(input.occurredAt),
        counts: input.counts,
        nationalities: Object.fromEntries(input.nationalities.map((n) => [n.country, n.count])),
        biometricsRegistered: input.biometricsRegistered,
        origin: input.origin,
        notes: input.notes,
      },
      ctx: { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
    })),
  );
  const audit = outcomes.flatMap((outcome, i) =>
    outcome.status === "created"
      ? [{ action: "create", entity: "population_entry", entityId: outcome.entryId, facilityId, changes: arrivalAudit(actor, records[i]!.key, records[i]!.input) }]
      : [],
  );
  if (audit.length) await appendAuditMany(tx, auditActorOf(actor), audit);
  return outcomes.map((outcome) => {
    if (outcome.status !== "subgroups") return outcome;
    return { status: "refused", fieldErrors: refusalFieldErrors({ status: "subgroups", problems: outcome.problems }) ?? {} };
  });
}
