// The batch endpoints' plumbing (docs/api.md, "Batches"): up to 500 records in one request, each
// with its own idempotency key, written all or nothing in one transaction by the same commands
// as the single endpoints.
import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { Db } from "#db/types";
import {
  apiMessage,
  authenticate,
  facilityForToken,
  fieldName,
  jsonResponse,
  methodNotAllowed,
  readJsonObject,
  translateFieldErrors,
  withApiErrors,
  type ApiFacility,
  type FieldErrors,
} from "./api.server";
import { apiTokenActor, type CommandActor } from "./commands/actor.server";
import { getDb } from "./db.server";
import { translate } from "./i18n";

/** The most records one batch may carry: a day of a busy station's arrivals in one request. */
export const MAX_BATCH_RECORDS = 500;

/**
 * The body limit of the batch paths (server.js applies the same figure before reading). 500
 * arrival records with every group, six nationalities, an origin and a note measure 301 KiB
 * (502 KiB pretty-printed); 1 MiB leaves room for longer notes and still bounds what is read.
 */
export const MAX_BATCH_BODY_BYTES = 1024 * 1024;

export interface RecordProblem {
  index: number;
  idempotencyKey: string | null;
  fields: FieldErrors;
}

/** A field path inside one record: the key is a field of the record here, not the header. */
function recordFieldName(path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === "idempotencyKey") return "idempotencyKey";
  return fieldName(path);
}

function recordFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const list = (fields[recordFieldName(issue.path)] ??= []);
    const message = apiMessage(issue.message);
    if (!list.includes(message)) list.push(message);
  }
  return fields;
}

function problemsBody(status: 400 | 422, problems: RecordProblem[]) {
  return jsonResponse(status, {
    error: status === 400 ? "validation" : "refused",
    message: translate("en", status === 400 ? "api.batchValidation" : "api.batchRefused"),
    records: problems,
  });
}

class Rollback extends Error {
  constructor(readonly response: Response) {
    super("rollback");
  }
}

/** What a batch's write returns per record: its answer, or the fields the database refused. */
export type RecordResult<R> = { ok: true; body: R } | { ok: false; fields: Record<string, string[]> };

export interface BatchWrite<V, R> {
  /** The record's schema (the single endpoint's body plus idempotencyKey). */
  schema: z.ZodType<V & { idempotencyKey: string }>;
  /**
   * Runs the records' command inside the batch's transaction, every record (so the answer lists
   * each refused one, not only the first); one result per record, in order.
   */
  write: (tx: Db, actor: CommandActor, facility: ApiFacility, records: { value: V; key: string }[]) => Promise<RecordResult<R>[]>;
  /**
   * The answer's records as the API shows them (each record's own results by default) and figures
   * sent once for the whole batch (the census after it), read in the same transaction.
   */
  finish?: (tx: Db, facility: ApiFacility, results: R[]) => Promise<{ records?: Record<string, unknown>[]; summary?: Record<string, unknown> }>;
}

/**
 * Authenticate, scope, read and check every record before anything is written (400 listing each
 * bad record), then run every record's command in one transaction: a record the database refuses
 * rolls the whole batch back (422 listing each refused record). A record whose key was recorded
 * before is answered as that record and writes nothing, so a resent batch writes nothing new.
 */
export async function handleApiBatch<V, R extends { status: "created" | "duplicate" }>(
  { request, context, params }: ActionFunctionArgs,
  batch: BatchWrite<V, R>,
): Promise<Response> {
  return withApiErrors(context, request, async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const token = await authenticate(request);
    const facility = await facilityForToken(token, params.code);
    const body = await readJsonObject(request, MAX_BATCH_BODY_BYTES);
    const records = body.records;
    if (!Array.isArray(records) || records.length === 0) {
      return jsonResponse(400, {
        error: "validation",
        message: translate("en", "api.validation"),
        fields: { records: [apiMessage("api.batchRecordsRequired")] },
      });
    }
    if (records.length > MAX_BATCH_RECORDS) {
      return jsonResponse(400, {
        error: "validation",
        message: translate("en", "api.validation"),
        fields: { records: [translate("en", "api.batchTooMany", { limit: MAX_BATCH_RECORDS, count: records.length })] },
      });
    }

    const problems: RecordProblem[] = [];
    const parsed: { value: V; key: string }[] = [];
    const seen = new Map<string, number>();
    records.forEach((record: unknown, index) => {
      const rawKey = record && typeof record === "object" ? (record as Record<string, unknown>).idempotencyKey : undefined;
      const idempotencyKey = typeof rawKey === "string" ? rawKey : null;
      if (!record || typeof record !== "object" || Array.isArray(record)) {
        problems.push({ index, idempotencyKey, fields: { "": [apiMessage("api.bodyNotObject")] } });
        return;
      }
      const result = batch.schema.safeParse(record);
      if (!result.success) {
        problems.push({ index, idempotencyKey, fields: recordFieldErrors(result.error.issues) });
        return;
      }
      const key = result.data.idempotencyKey;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({ index, idempotencyKey, fields: { idempotencyKey: [translate("en", "api.batchKeyRepeated", { index: first })] } });
        return;
      }
      seen.set(key, index);
      parsed.push({ value: result.data, key });
    });
    if (problems.length) return problemsBody(400, problems);

    const actor = apiTokenActor(token, context);
    try {
      const answer = await getDb().transaction(async (tx) => {
        const results: R[] = [];
        const refused: RecordProblem[] = [];
        for (const [index, result] of (await batch.write(tx, actor, facility, parsed)).entries()) {
          if (result.ok) results.push(result.body);
          else refused.push({ index, idempotencyKey: parsed[index]!.key, fields: translateFieldErrors(result.fields) });
        }
        if (refused.length) throw new Rollback(problemsBody(422, refused));
        const created = results.filter((r) => r.status === "created").length;
        const finished = batch.finish ? await batch.finish(tx, facility, results) : {};
        const shown: Record<string, unknown>[] = finished.records ?? results;
        return {
          ...finished.summary,
          facility: facility.code,
          created,
          duplicates: results.length - created,
          records: shown.map((r, index) => ({ index, idempotencyKey: parsed[index]!.key, ...r })),
        };
      });
      return jsonResponse(200, answer);
    } catch (error) {
      if (error instanceof Rollback) return error.response;
      throw error;
    }
  });
}
