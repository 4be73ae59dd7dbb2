import { createCookie } from "@remix-run/node";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { env } from "./env.server";

/**
 * OWASP "device cookies": after a successful login the browser gets a signed, http-only cookie
 * naming that account and a random nonce. A later attempt on the same account from that browser
 * is limited per device, not by the account-wide lock, so guesses sent from elsewhere cannot keep
 * the owner out (docs/decisions/015-login-lockout-device-cookies.md).
 *
 * One cookie holds the few accounts last used on a shared browser. It names each account by an
 * HMAC of its email, not the email, so the cookie does not tell who has used the computer.
 */
const DEVICE_TTL_S = 180 * 24 * 60 * 60;
/** Accounts remembered per browser: a shared laptop at a reception desk, a few staff. */
export const MAX_DEVICE_ACCOUNTS = 5;

interface DeviceEntry {
  a: string;
  n: string;
}

let deviceCookieInstance: ReturnType<typeof createCookie> | undefined;
function deviceCookie() {
  const config = env();
  deviceCookieInstance ??= createCookie("albergue_device", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production" && !config.ALBERGUE_DEMO,
    path: "/",
    maxAge: DEVICE_TTL_S,
    secrets: [config.sessionSecret],
  });
  return deviceCookieInstance;
}

function accountTag(account: string) {
  return createHmac("sha256", env().sessionSecret).update(`device:${account.trim().toLowerCase()}`).digest("base64url").slice(0, 22);
}

function isEntry(value: unknown): value is DeviceEntry {
  if (typeof value !== "object" || value === null) return false;
  const { a, n } = value as Record<string, unknown>;
  return typeof a === "string" && typeof n === "string" && /^[\w-]{22}$/.test(a) && /^[\w-]{22}$/.test(n);
}

async function readEntries(request: Request): Promise<DeviceEntry[]> {
  // A cookie with a bad signature parses as null: an untrusted client, like one with none.
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter(isEntry).slice(0, MAX_DEVICE_ACCOUNTS) : [];
}

/**
 * The key under which this browser's failures for `account` are counted, when it holds a valid
 * device cookie for that account; undefined for an untrusted client. The nonce is stored hashed,
 * as session tokens are.
 */
export async function deviceKeyFor(request: Request, account: string): Promise<string | undefined> {
  const tag = accountTag(account);
  const entry = (await readEntries(request)).find((e) => e.a === tag);
  return entry ? createHash("sha256").update(entry.n).digest("hex") : undefined;
}

/** Set-Cookie for a fresh nonce for `account` (OWASP: a new cookie after every successful login). */
export async function issueDeviceCookie(request: Request, account: string): Promise<string> {
  const tag = accountTag(account);
  const others = (await readEntries(request)).filter((e) => e.a !== tag);
  const entries = [{ a: tag, n: randomBytes(16).toString("base64url") }, ...others].slice(0, MAX_DEVICE_ACCOUNTS);
  return deviceCookie().serialize(entries);
}
