import type { AppLoadContext } from "@remix-run/node";
import { startSession } from "~/lib/session.server";

/** A fresh per-request context, as server.js builds it (the user lookup is cached per context). */
export function requestContext(clientAddress = "127.0.0.1"): AppLoadContext {
  return { requestId: "test", clientAddress, cspNonce: "" };
}

export const BASE_URL = "http://localhost";

/** The `name=value` of a Set-Cookie header, for the next request's Cookie header. */
export function cookiePair(setCookie: string): string {
  const pair = setCookie.split(";", 1)[0];
  if (!pair) throw new Error(`Not a Set-Cookie value: ${setCookie}`);
  return pair;
}

/** A request carrying the session cookie of a new session for the user. */
export async function signedInRequest(userId: number, pathname: string, init: RequestInit = {}): Promise<Request> {
  const setCookie = await startSession(userId, new Request(`${BASE_URL}/login`), requestContext());
  const headers = new Headers(init.headers);
  headers.set("Cookie", cookiePair(setCookie));
  return new Request(`${BASE_URL}${pathname}`, { ...init, headers });
}

export function formRequest(pathname: string, fields: Record<string, string>, headers?: HeadersInit): Request {
  return new Request(`${BASE_URL}${pathname}`, { method: "POST", body: new URLSearchParams(fields), headers });
}

/**
 * What `data(value, init)` produced, returned or thrown (Remix single fetch: an object of type
 * DataWithResponseInit, not a Response).
 */
export interface DataResult {
  data: unknown;
  status: number;
  headers: Headers;
}

export function asDataResult(value: unknown): DataResult {
  if (
    typeof value !== "object" ||
    value === null ||
    (value as { type?: unknown }).type !== "DataWithResponseInit"
  ) {
    throw new Error(`Expected the result of data(), got ${value instanceof Response ? "a Response" : String(value)}`);
  }
  const { data, init } = value as { data: unknown; init: ResponseInit | null };
  return { data, status: init?.status ?? 200, headers: new Headers(init?.headers) };
}

/** Whatever a loader or action threw (the test fails if it returned). */
export async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("Expected the loader or action to throw, but it returned.");
}

/** A loader's or action's Response (a redirect), returned or thrown. */
export function asResponse(value: unknown): Response {
  if (!(value instanceof Response)) throw new Error(`Expected a Response, got ${JSON.stringify(value)}`);
  return value;
}
