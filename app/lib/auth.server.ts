import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { getFacilityByCode, type FacilityScope } from "#db/facilities.server";
import {
  clearFailures,
  countRecentFailures,
  deleteFailures,
  oldestRecentFailure,
  recordFailure,
  type FailureScope,
} from "#db/login-failures.server";
import { findUserForLogin, type SessionUser } from "#db/users.server";
import type { AuditActor } from "#db/audit.server";
import type { Db } from "#db/types";
import { getDb } from "./db.server";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_DEVICE,
  THROTTLE_WINDOW_MS,
  lockedUntil,
  minutesUntilRetry,
} from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { can, seesAllFacilities, type Permission, type Role } from "./permissions";
import { getOptionalUser } from "./session.server";

export type { SessionUser };

/** Only same-site paths, so `redirectTo` cannot send anyone to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || /[\s\\]/.test(to)) return fallback;
  return to;
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getOptionalUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    const here = `${url.pathname}${url.search}`;
    throw redirect(here === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: here })}`);
  }
  return user;
}

export function forbidden(): never {
  throw data({ reason: "forbidden" }, { status: 403 });
}

export function notFound(): never {
  throw data({ reason: "not-found" }, { status: 404 });
}

export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!can(user.role, permission)) forbidden();
  return user;
}

export async function requireRole(request: Request, context: AppLoadContext, allowed: readonly Role[]) {
  const user = await requireUser(request, context);
  if (!allowed.includes(user.role)) forbidden();
  return user;
}

export function facilityScope(user: SessionUser): FacilityScope {
  return seesAllFacilities(user.role) ? { all: true } : { all: false, facilityIds: user.facilityIds };
}

export function canSeeFacility(user: SessionUser, facilityId: number): boolean {
  return seesAllFacilities(user.role) || user.facilityIds.includes(facilityId);
}

/**
 * The facility named in the URL, if the user may see it: 404 when it does not exist,
 * 403 when it exists but is outside the user's scope.
 */
export async function requireFacility(
  request: Request,
  context: AppLoadContext,
  code: string | undefined,
  permission: Permission = "facility:view",
) {
  const user = await requirePermission(request, context, permission);
  const facility = code && /^[A-Z0-9]{2,8}$/.test(code) ? await getFacilityByCode(getDb(), code) : undefined;
  if (!facility) notFound();
  if (!canSeeFacility(user, facility.id)) forbidden();
  return { user, facility };
}

export function auditActor(user: SessionUser | undefined, context: AppLoadContext): AuditActor {
  return { userId: user?.id ?? null, requestId: context.requestId, ipAddress: context.clientAddress };
}

export type LoginResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryMinutes: number };

/**
 * Each attempt is recorded as a failure *before* the password is checked and counted with the
 * others, so that guesses sent in parallel cannot all slip under the limit: at most the limit's
 * worth of attempts per window ever reach the password check. Failures live in the database, so
 * every app server sees them.
 *
 * An untrusted client (no valid device cookie for the account) is counted by account and by
 * address. A browser with a device cookie for the account (`deviceKey`, from
 * device-cookie.server.ts) is counted by that device only: the account-wide lock does not stop
 * it, so an attacker's wrong guesses cannot keep the owner out (decision 015).
 *
 * A success removes its own records. An untrusted success also forgives the account's earlier
 * failures; a device success forgives only the device's, so an attacker's count stands.
 */
export async function attemptLogin(
  email: string,
  password: string,
  clientAddress: string,
  deviceKey?: string,
): Promise<LoginResult> {
  const db = getDb();
  const now = new Date();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const account = email.trim().toLowerCase();
  const address = clientAddress || "unknown";

  const limits: { scope: FailureScope; key: string; limit: number }[] = deviceKey
    ? [{ scope: "device", key: deviceKey, limit: MAX_FAILURES_PER_DEVICE }]
    : [
        { scope: "account", key: account, limit: MAX_FAILURES_PER_ACCOUNT },
        { scope: "address", key: address, limit: MAX_FAILURES_PER_ADDRESS },
      ];
  const mine = await db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const { scope, key } of limits) ids.push(await recordFailure(tx, scope, key, now));
    return ids;
  });
  const forget = () => deleteFailures(db, mine);

  for (const [i, { scope, key, limit }] of limits.entries()) {
    // Only attempts recorded before this one count, so of many sent at once the first ones
    // (up to the limit) are checked and the rest refused.
    if ((await countRecentFailures(db, scope, key, since, mine[i])) > limit) {
      // A refused attempt does not count: the wait depends on the guesses that were checked.
      await forget();
      const oldest = await oldestRecentFailure(db, scope, key, since);
      return { ok: false, reason: "throttled", retryMinutes: minutesUntilRetry(oldest ?? now, now) };
    }
  }

  const user = await findUserForLogin(db, account);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid || !user.active) return { ok: false, reason: "invalid" };
  await forget();
  if (deviceKey) await clearFailures(db, "device", deviceKey);
  else await clearFailures(db, "account", account);
  return { ok: true, userId: user.id };
}

/** When the account-wide lock (for untrusted clients) lifts, or null when it is not locked. */
export async function accountLock(email: string, now = new Date()) {
  const db = getDb();
  const account = email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [failures, oldest] = await Promise.all([
    countRecentFailures(db, "account", account, since),
    oldestRecentFailure(db, "account", account, since),
  ]);
  return lockedUntil(failures, oldest, now);
}

/** Lifts the account-wide lock (an administrator's unlock). */
export async function unlockAccount(db: Db, email: string) {
  await clearFailures(db, "account", email.trim().toLowerCase());
}
