import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { getFacilityByCode, type FacilityScope } from "#db/facilities.server";
import {
  clearFailures,
  countRecentFailures,
  deleteFailures,
  oldestRecentFailure,
  recordFailure,
} from "#db/login-failures.server";
import { findUserForLogin, type SessionUser } from "#db/users.server";
import type { AuditActor } from "#db/audit.server";
import { getDb } from "./db.server";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_MS,
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
 * worth of attempts per window ever reach the password check. Failures live in the database by
 * account and by address, so every app server sees them. A success removes its own record and
 * the account's earlier failures.
 */
export async function attemptLogin(email: string, password: string, clientAddress: string): Promise<LoginResult> {
  const db = getDb();
  const now = new Date();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const account = email.trim().toLowerCase();
  const address = clientAddress || "unknown";

  const mine = await db.transaction(async (tx) => ({
    account: await recordFailure(tx, "account", account, now),
    address: await recordFailure(tx, "address", address, now),
  }));
  const forget = () => deleteFailures(db, [mine.account, mine.address]);

  for (const [scope, key, limit, id] of [
    ["account", account, MAX_FAILURES_PER_ACCOUNT, mine.account],
    ["address", address, MAX_FAILURES_PER_ADDRESS, mine.address],
  ] as const) {
    // Only attempts recorded before this one count, so of many sent at once the first ones
    // (up to the limit) are checked and the rest refused.
    if ((await countRecentFailures(db, scope, key, since, id)) > limit) {
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
  await clearFailures(db, "account", account);
  return { ok: true, userId: user.id };
}
