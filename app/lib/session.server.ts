import { createCookie, createCookieSessionStorage, redirect, type AppLoadContext } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import {
  deleteSession,
  findSessionUser,
  insertSession,
  touchSession,
  type SessionUser,
} from "#db/users.server";
import { env } from "./env.server";
import { getDb } from "./db.server";
import { isLocale, type Locale, type MessageKey, type MessageParams } from "./i18n";

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

function cookieSecure() {
  const config = env();
  return config.NODE_ENV === "production" && !config.ALBERGUE_DEMO;
}

let sessionCookieInstance: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  sessionCookieInstance ??= createCookie("albergue_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(),
    path: "/",
    secrets: [env().sessionSecret],
  });
  return sessionCookieInstance;
}

export const languageCookie = createCookie("albergue_lang", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 365 * 24 * 60 * 60,
});

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

async function readToken(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Starts a new server-side session and returns its Set-Cookie header. A fresh token every
 * time means a session id seen before login is worthless after it.
 */
export async function startSession(userId: number, request: Request, context: AppLoadContext): Promise<string> {
  const old = await readToken(request);
  const db = getDb();
  if (old) await deleteSession(db, hashToken(old));
  const token = randomBytes(32).toString("base64url");
  await insertSession(db, {
    tokenHash: hashToken(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    ipAddress: context.clientAddress ?? "",
    userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 300),
  });
  return sessionCookie().serialize(token, { maxAge: SESSION_TTL_MS / 1000 });
}

/** Ends the session server-side and returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await deleteSession(getDb(), hashToken(token));
  return sessionCookie().serialize("", { maxAge: 0 });
}

const userByContext = new WeakMap<object, Promise<SessionUser | undefined>>();

/** The signed-in user, looked up once per request however many loaders ask. */
export function getOptionalUser(request: Request, context: AppLoadContext): Promise<SessionUser | undefined> {
  let pending = userByContext.get(context);
  if (!pending) {
    pending = lookupUser(request);
    userByContext.set(context, pending);
  }
  return pending;
}

async function lookupUser(request: Request): Promise<SessionUser | undefined> {
  const token = await readToken(request);
  if (!token) return undefined;
  const db = getDb();
  const now = new Date();
  const found = await findSessionUser(db, hashToken(token), now);
  if (!found) return undefined;
  if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, hashToken(token), now);
  return found.user;
}

export async function readLanguageCookie(request: Request): Promise<Locale | undefined> {
  const value: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : undefined;
}

export async function resolveLocale(request: Request, user: SessionUser | undefined): Promise<Locale> {
  return user?.preferredLanguage ?? (await readLanguageCookie(request)) ?? "es";
}

// Flash messages travel in their own short-lived signed cookie, so they work for
// signed-out pages (the login page after logout) too.
export interface Flash {
  kind: "success" | "error" | "info";
  message: MessageKey;
  params?: MessageParams;
}

type FlashStorage = ReturnType<typeof createCookieSessionStorage<Record<string, never>, { flash: Flash }>>;
let flashStorageInstance: FlashStorage | undefined;
function flashStorage() {
  flashStorageInstance ??= createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
    cookie: {
      name: "albergue_flash",
      httpOnly: true,
      sameSite: "lax",
      secure: cookieSecure(),
      path: "/",
      secrets: [env().sessionSecret],
    },
  });
  return flashStorageInstance;
}

export async function flashCookie(flash: Flash): Promise<string> {
  const storage = flashStorage();
  const session = await storage.getSession();
  session.flash("flash", flash);
  return storage.commitSession(session);
}

/** Reads and clears the flash; returns it with the Set-Cookie header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash?: Flash; setCookie?: string }> {
  const storage = flashStorage();
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader?.includes("albergue_flash")) return {};
  const session = await storage.getSession(cookieHeader);
  const flash = session.get("flash");
  return { flash, setCookie: await storage.commitSession(session) };
}

/** The end of every successful action: redirect with a message for the next page. */
export async function redirectWithFlash(to: string, flash: Flash, extraCookies: string[] = []) {
  const headers = new Headers();
  for (const cookie of extraCookies) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await flashCookie(flash));
  return redirect(to, { headers });
}
