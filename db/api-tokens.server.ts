import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiIdempotency, apiTokenFacilities, apiTokens, facilities, users } from "./schema";
import type { Db } from "./types";

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "alb_";
const TOKEN_PATTERN = /^alb_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token, so busy clients do not write on every call. */
export const TOUCH_EVERY_MS = 60 * 1000;

/** A new random token: 32 bytes from the CSPRNG, base64url, after the prefix. */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** Only this hash is stored; the token itself is shown once and never kept. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token scoped to the facilities; returns its id and the plain token (show it once). */
export async function insertApiToken(
  db: Db,
  input: { name: string; facilityIds: number[]; createdBy: number | null },
): Promise<{ id: number; token: string }> {
  const token = generateApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ name: input.name, tokenHash: hashApiToken(token), createdBy: input.createdBy })
    .returning({ id: apiTokens.id });
  const id = row!.id;
  const unique = [...new Set(input.facilityIds)];
  if (unique.length) {
    await db.insert(apiTokenFacilities).values(unique.map((facilityId) => ({ tokenId: id, facilityId })));
  }
  return { id, token };
}

/** Revokes a token; returns false when it does not exist or was already revoked. */
export async function revokeApiToken(db: Db, id: number, at = new Date()): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}

export async function getApiToken(db: Db, id: number) {
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, id))
    .limit(1);
  if (!row) return undefined;
  return { ...row, facilityCodes: await tokenFacilityCodes(db, id) };
}

async function tokenFacilityCodes(db: Db, tokenId: number): Promise<string[]> {
  const rows = await db
    .select({ code: facilities.code })
    .from(apiTokenFacilities)
    .innerJoin(facilities, eq(facilities.id, apiTokenFacilities.facilityId))
    .where(eq(apiTokenFacilities.tokenId, tokenId))
    .orderBy(asc(facilities.code));
  return rows.map((r) => r.code);
}

/** Every token, newest first, with its facilities and who created it (never the hash). */
export async function listApiTokens(db: Db) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      createdByName: users.displayName,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      facilityCodes: sql<string[]>`coalesce((
        select array_agg(f.code order by f.code)
        from ${apiTokenFacilities} atf join ${facilities} f on f.id = atf.facility_id
        where atf.token_id = ${apiTokens.id}
      ), '{}')`,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id));
}

/** The token with this hash, revoked or not (the caller decides what a revoked token gets). */
export async function findApiTokenByHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

export async function tokenCoversFacility(db: Db, tokenId: number, facilityId: number): Promise<boolean> {
  const [row] = await db
    .select({ tokenId: apiTokenFacilities.tokenId })
    .from(apiTokenFacilities)
    .where(and(eq(apiTokenFacilities.tokenId, tokenId), eq(apiTokenFacilities.facilityId, facilityId)))
    .limit(1);
  return Boolean(row);
}

/** Records use at most once a minute (the WHERE clause keeps concurrent requests from all writing). */
export async function touchApiToken(db: Db, tokenId: number, now = new Date()): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS))),
      ),
    );
}

// ---------------------------------------------------------------------------------------
// Idempotency: the first response to each (token, Idempotency-Key)

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

export async function findIdempotentResponse(db: Db, tokenId: number, key: string): Promise<StoredResponse | undefined> {
  const [row] = await db
    .select({ requestHash: apiIdempotency.requestHash, status: apiIdempotency.status, body: apiIdempotency.body })
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)))
    .limit(1);
  return row;
}

/**
 * Claims the key for this transaction with a placeholder row. On PostgreSQL a concurrent
 * request with the same key waits here until this transaction ends, then finds the key taken
 * (committed) or free (rolled back). Returns false when the key is already taken.
 */
export async function claimIdempotencyKey(db: Db, tokenId: number, key: string, requestHash: string): Promise<boolean> {
  const rows = await db
    .insert(apiIdempotency)
    .values({ tokenId, key, requestHash, status: 0, body: {} })
    .onConflictDoNothing({ target: [apiIdempotency.tokenId, apiIdempotency.key] })
    .returning({ key: apiIdempotency.key });
  return rows.length === 1;
}

/** Fills in the claimed row with the response, in the transaction of the write it answers. */
export async function storeIdempotentResponse(
  db: Db,
  tokenId: number,
  key: string,
  response: { status: number; body: unknown },
): Promise<void> {
  await db
    .update(apiIdempotency)
    .set({ status: response.status, body: response.body })
    .where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)));
}

/** The facilities a token may see, for answers about several facilities at once (GET /api/v1/status). */
export async function listTokenFacilityIds(db: Db, tokenId: number): Promise<number[]> {
  const rows = await db
    .select({ facilityId: apiTokenFacilities.facilityId })
    .from(apiTokenFacilities)
    .where(eq(apiTokenFacilities.tokenId, tokenId));
  return rows.map((r) => r.facilityId);
}
