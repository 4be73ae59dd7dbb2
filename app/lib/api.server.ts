// The intake API's plumbing: bearer-token authentication, facility scope, JSON bodies with a
// size limit, errors as JSON with a message per field, and Idempotency-Key replay.
// See docs/api.md (the contract) and docs/decisions/006-intake-api.md (the reasons).
import { createHash } from "node:crypto";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import {
  claimIdempotencyKey,
  findApiTokenByHash,
  findIdempotentResponse,
  hashApiToken,
  looksLikeApiToken,
  storeIdempotentResponse,
  tokenCoversFacility,
  touchApiToken,
  TOUCH_EVERY_MS,
  type StoredResponse,
} from "#db/api-tokens.server";
import type { AuditActor } from "#db/audit.server";
import { getCensus } from "#db/census.server";
import { getFacilityByCode } from "#db/facilities.server";
import type { Db } from "#db/types";
import { allGroups, totalOf, type Counts } from "./domain/population";
import { getDb } from "./db.server";
import { makeI18n, type MessageKey, type MessageParams, translate } from "./i18n";
import { log } from "./log.server";
import { describeOutage as describe, isDatabaseUnavailable, unavailableHeaders } from "./outage.server";
import { idempotencyKeyField } from "./schemas/movement";

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

const english = makeI18n("en");

/**
 * A message as API clients read it: English text. Accepts a message key, a key with
 * parameters (`population.onlyPresent?present=3`, as schemas and refusals carry them), or
 * text that is not a key (zod's own messages), which passes through.
 */
export function apiMessage(text: string): string {
  return english.tMaybe(text);
}

// ---------------------------------------------------------------------------------------
// Responses

/** JSON with object keys sorted, so a replayed response is byte for byte the first one. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const all = new Headers(headers);
  all.set("Content-Type", "application/json; charset=utf-8");
  return new Response(canonicalJson(body), { status, headers: all });
}

export type FieldErrors = Record<string, string[]>;

/** `{ error, message }`: the code is for programs, the message (English) for people. */
export function apiError(
  status: number,
  error: string,
  message: MessageKey,
  options: { params?: MessageParams; fields?: FieldErrors; headers?: HeadersInit } = {},
): Response {
  const body: Record<string, unknown> = { error, message: translate("en", message, options.params) };
  if (options.fields) body.fields = options.fields;
  return jsonResponse(status, body, options.headers);
}

export function validationError(fields: FieldErrors): Response {
  return jsonResponse(400, validationBody(fields));
}

function validationBody(fields: FieldErrors) {
  return { error: "validation", message: translate("en", "api.validation"), fields };
}

export function methodNotAllowed(allow: "GET" | "POST"): Response {
  return apiError(405, "method_not_allowed", "api.methodNotAllowed", { params: { allow }, headers: { Allow: allow } });
}

/** A field path as the API names it: `nationalities[0].country`; the header for the key. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === "idempotencyKey") return IDEMPOTENCY_HEADER;
  return path.reduce<string>((name, part) => {
    if (typeof part === "number") return `${name}[${part}]`;
    return name ? `${name}.${String(part)}` : String(part);
  }, "");
}

/** zod issues as `{ field: [English message, ...] }`. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const name = fieldName(issue.path);
    const message = apiMessage(issue.message);
    const list = (fields[name] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return fields;
}

/** Field errors carrying message keys (refusalFieldErrors), in English. */
export function translateFieldErrors(fields: Record<string, string[]>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([name, messages]) => [name, messages.map(apiMessage)]));
}

// ---------------------------------------------------------------------------------------
// Authentication and scope

export interface ApiToken {
  id: number;
  name: string;
}

function unauthorized(message: MessageKey, invalidToken: boolean): Response {
  const challenge = invalidToken ? 'Bearer realm="albergue", error="invalid_token"' : 'Bearer realm="albergue"';
  return apiError(401, "unauthorized", message, { headers: { "WWW-Authenticate": challenge } });
}

/** The token of `Authorization: Bearer <token>`; throws a 401 Response when missing, unknown or revoked. */
export async function authenticate(request: Request): Promise<ApiToken> {
  const header = request.headers.get("Authorization");
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw unauthorized("api.tokenMissing", false);
  const presented = match[1]!;
  if (!looksLikeApiToken(presented)) throw unauthorized("api.tokenInvalid", true);
  const db = getDb();
  const token = await findApiTokenByHash(db, hashApiToken(presented));
  if (!token) throw unauthorized("api.tokenInvalid", true);
  if (token.revokedAt) throw unauthorized("api.tokenRevoked", true);
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchApiToken(db, token.id, now);
  }
  return { id: token.id, name: token.name };
}

export interface ApiFacility {
  id: number;
  code: string;
  name: string;
}

/** The facility in the URL: 404 when there is none, 403 when the token is not scoped to it. */
export async function facilityForToken(token: ApiToken, code: string | undefined): Promise<ApiFacility> {
  const normalised = (code ?? "").toUpperCase();
  const facility = /^[A-Z0-9]{2,8}$/.test(normalised) ? await getFacilityByCode(getDb(), normalised) : undefined;
  if (!facility) throw apiError(404, "not_found", "api.facilityNotFound", { params: { code: code ?? "" } });
  if (!(await tokenCoversFacility(getDb(), token.id, facility.id))) {
    throw apiError(403, "forbidden", "api.forbidden", { params: { code: facility.code } });
  }
  return { id: facility.id, code: facility.code, name: facility.name };
}

export function apiActor(context: AppLoadContext): AuditActor {
  return { userId: null, requestId: context.requestId, ipAddress: context.clientAddress };
}

// ---------------------------------------------------------------------------------------
// Request bodies

/** The body as text, refusing more than MAX_BODY_BYTES without reading the rest. */
async function readLimited(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  const tooLarge = () => apiError(413, "payload_too_large", "api.tooLarge", { params: { limit: limit / 1024 } });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw apiError(400, "malformed_json", "api.malformedJson");
  }
}

/** The body as a JSON object; malformed JSON or anything but an object is a 400. */
export async function readJsonObject(request: Request, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const text = await readLimited(request, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw apiError(400, "malformed_json", "api.malformedJson");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw apiError(400, "malformed_json", "api.bodyNotObject");
  }
  if (depthOf(value) > MAX_JSON_DEPTH) {
    throw apiError(400, "malformed_json", "api.tooDeep", { params: { limit: MAX_JSON_DEPTH } });
  }
  return value as Record<string, unknown>;
}

/** No request the API takes nests deeper than this; 32,000 levels fit in 64 KiB and overflow the stack. */
export const MAX_JSON_DEPTH = 16;

/** The nesting depth of a parsed JSON value, walked without recursion (the point is deep input). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (!value || typeof value !== "object") continue;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The Idempotency-Key header, checked with the schemas' own rule; 400 when missing or malformed. */
export function idempotencyKeyOf(request: Request): string {
  const raw = request.headers.get(IDEMPOTENCY_HEADER);
  if (raw === null || raw.trim() === "") {
    throw validationError({ [IDEMPOTENCY_HEADER]: [apiMessage("api.idempotencyKeyRequired")] });
  }
  const parsed = idempotencyKeyField.safeParse(raw.trim());
  if (!parsed.success) {
    throw validationError({ [IDEMPOTENCY_HEADER]: [apiMessage("api.idempotencyKeyFormat")] });
  }
  return parsed.data;
}

// The ledger's key for an API request lives with the commands, which write it.
export { ledgerKey } from "./commands/actor.server";

/** SHA-256 of what the request asks for: the endpoint, the facility and the canonical JSON body. */
export function requestHash(resource: string, facilityCode: string, body: unknown): string {
  return createHash("sha256").update(`POST ${resource} ${facilityCode}\n${canonicalJson(body)}`).digest("hex");
}

// ---------------------------------------------------------------------------------------
// Census as the API shows it

export function censusBody(census: { counts: Counts; lastEntryAt: Date | null }) {
  return {
    groups: Object.fromEntries(allGroups.map((g) => [g, census.counts[g]])),
    total: totalOf(census.counts),
    lastEntryAt: census.lastEntryAt ? census.lastEntryAt.toISOString() : null,
  };
}

export async function readCensus(db: Db, facilityId: number) {
  return censusBody(await getCensus(db, facilityId));
}

// ---------------------------------------------------------------------------------------
// The write pipeline shared by every API write (arrivals, departures, stock receipts and issues)

/** The write endpoints, as the request hash names them. */
export type ApiWriteResource = "arrivals" | "departures" | "stock/receipts" | "stock/issues";

export interface ApiResult {
  status: number;
  body: Record<string, unknown>;
}

export interface WriteRequest {
  tx: Db;
  token: ApiToken;
  facility: ApiFacility;
  body: Record<string, unknown>;
  /** The client's Idempotency-Key, as sent. */
  key: string;
  actor: AuditActor;
}

/** Thrown inside the transaction to roll it back and answer with this response. */
class Rollback extends Error {
  constructor(readonly response: Response) {
    super("rollback");
  }
}

function replay(stored: StoredResponse, hash: string): Response {
  if (stored.requestHash !== hash) return apiError(422, "idempotency_key_reused", "api.idempotencyMismatch");
  // A placeholder is only ever seen committed if something went badly wrong; never replay it.
  if (stored.status === 0) return apiError(409, "idempotency_key_in_use", "api.idempotencyInProgress");
  return jsonResponse(stored.status, stored.body, { "Idempotent-Replayed": "true" });
}

/**
 * Runs one API write: authenticate, scope, read the body, replay a key seen before, else run
 * `write` in a transaction that also claims the key. Only a 201 is stored (with the entry, in
 * the same transaction); any other answer rolls everything back, the claim included, so
 * nothing at all is written for a refused request.
 */
export async function handleApiWrite(
  { request, context, params }: ActionFunctionArgs,
  resource: ApiWriteResource,
  write: (input: WriteRequest) => Promise<ApiResult>,
): Promise<Response> {
  return withApiErrors(context, request, async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const token = await authenticate(request);
    const facility = await facilityForToken(token, params.code);
    const key = idempotencyKeyOf(request);
    const body = await readJsonObject(request);
    const hash = requestHash(resource, facility.code, body);
    const db = getDb();

    const seen = await findIdempotentResponse(db, token.id, key);
    if (seen) return replay(seen, hash);

    try {
      const created = await db.transaction(async (tx) => {
        if (!(await claimIdempotencyKey(tx, token.id, key, hash))) {
          // A concurrent request with the same key committed first (PostgreSQL waited for it).
          const stored = await findIdempotentResponse(tx, token.id, key);
          throw new Rollback(
            stored ? replay(stored, hash) : apiError(409, "idempotency_key_in_use", "api.idempotencyInProgress"),
          );
        }
        const outcome = await write({ tx, token, facility, body, key, actor: apiActor(context) });
        if (outcome.status !== 201) throw new Rollback(jsonResponse(outcome.status, outcome.body));
        // Stored as it will be replayed: plain JSON (dates as ISO strings).
        const stored = JSON.parse(canonicalJson(outcome.body)) as Record<string, unknown>;
        await storeIdempotentResponse(tx, token.id, key, { status: outcome.status, body: stored });
        return { status: outcome.status, body: stored };
      });
      return jsonResponse(created.status, created.body);
    } catch (error) {
      if (error instanceof Rollback) return error.response;
      throw error;
    }
  });
}

/** Thrown Responses are answers; anything else is logged and becomes a JSON 500, never HTML. */
export async function withApiErrors(
  context: AppLoadContext,
  request: Request,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if (isDatabaseUnavailable(thrown)) {
      // Not the request's fault: the same request (same key) will succeed once PostgreSQL is back.
      log("warn", "database unavailable", { requestId: context.requestId, path: new URL(request.url).pathname, error: describe(thrown) });
      return apiError(503, "unavailable", "api.unavailable", { headers: unavailableHeaders() });
    }
    log("error", "api request failed", {
      requestId: context.requestId,
      path: new URL(request.url).pathname,
      error: thrown instanceof Error ? thrown : String(thrown),
    });
    return apiError(500, "internal", "api.internal", { params: { requestId: context.requestId ?? "" } });
  }
}

/**
 * The 409 answer for a write the ledger refused (a departure of more people than present, an
 * issue of more stock than usable), with a message per field and any extra figures.
 */
export function refusal(
  fields: Record<string, string[]>,
  options: { message?: MessageKey; extra?: Record<string, unknown> } = {},
): ApiResult {
  return {
    status: 409,
    body: {
      ...options.extra,
      error: "refused",
      message: translate("en", options.message ?? "api.refused"),
      fields: translateFieldErrors(fields),
    },
  };
}

export function validationResult(fields: FieldErrors): ApiResult {
  return { status: 400, body: validationBody(fields) };
}
