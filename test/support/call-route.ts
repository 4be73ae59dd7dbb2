import { existsSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import { startSession } from "~/lib/session.server";
import type { Handler } from "./access-matrix";
import { repoRoot } from "./paths";
import { BASE_URL, cookiePair, requestContext } from "./remix";

export const routesDir = path.join(repoRoot, "app", "routes");

type RouteFunction = (args: ActionFunctionArgs) => unknown;
const modules = new Map<string, Record<string, unknown>>();

/** The loader or action of a route module in app/routes, by file name without extension. */
export async function routeHandler(route: string, handler: Handler): Promise<RouteFunction> {
  let mod = modules.get(route);
  if (!mod) {
    const file = [".tsx", ".ts"].map((ext) => path.join(routesDir, `${route}${ext}`));
    const found = file.find((f) => existsSync(f));
    if (!found) throw new Error(`No route module app/routes/${route}.ts(x)`);
    mod = (await import(found)) as Record<string, unknown>;
    modules.set(route, mod);
  }
  const fn = mod[handler];
  if (typeof fn !== "function") throw new Error(`app/routes/${route} has no ${handler}`);
  return fn as RouteFunction;
}

export interface Caller {
  /** A user to sign in as (a fresh session per request), or a bearer token. */
  userId?: number;
  bearer?: string;
}

export interface SendOptions {
  method?: "GET" | "POST";
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** The outcome of one call: its HTTP status, and the body when it is cheap to read. */
export interface Outcome {
  status: number;
  location: string | null;
  body: string;
  /** The loader or action threw something that is not a Response or data(): a crash (a 500). */
  crash?: unknown;
}

export async function buildRequest(caller: Caller, pathname: string, options: SendOptions = {}): Promise<Request> {
  const headers = new Headers(options.headers);
  if (caller.userId !== undefined) {
    const setCookie = await startSession(caller.userId, new Request(`${BASE_URL}/login`), requestContext());
    headers.set("Cookie", cookiePair(setCookie));
  }
  if (caller.bearer) headers.set("Authorization", `Bearer ${caller.bearer}`);
  const method = options.method ?? (options.form || options.json !== undefined ? "POST" : "GET");
  let body: BodyInit | undefined;
  if (options.form) body = new URLSearchParams(options.form);
  if (options.json !== undefined) {
    body = typeof options.json === "string" ? options.json : JSON.stringify(options.json);
    headers.set("Content-Type", "application/json");
  }
  if (method !== "GET") headers.set("Origin", BASE_URL);
  return new Request(`${BASE_URL}${pathname}`, { method, headers, body });
}

function isData(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** A body as text, giving up after a short while (a streamed export may not close). */
async function readSome(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let i = 0; i < 64; i++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<"stalled">((resolve) => {
      timer = setTimeout(() => resolve("stalled"), 500);
    });
    const next = await Promise.race([reader.read(), stalled]);
    clearTimeout(timer);
    if (next === "stalled" || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  void reader.cancel().catch(() => undefined);
  return text;
}

export async function outcomeOf(value: unknown, thrown: boolean): Promise<Outcome> {
  if (value instanceof Response) {
    return { status: value.status, location: value.headers.get("Location"), body: await readSome(value) };
  }
  if (isData(value)) {
    const init = value.init ?? {};
    return { status: init.status ?? 200, location: new Headers(init.headers).get("Location"), body: JSON.stringify(value.data ?? null) };
  }
  if (thrown) return { status: 500, location: null, body: String(value), crash: value };
  return { status: 200, location: null, body: JSON.stringify(value ?? null) };
}

export async function callRoute(
  route: string,
  handler: Handler,
  caller: Caller,
  pathname: string,
  params: Record<string, string>,
  options: SendOptions = {},
  context: AppLoadContext = requestContext(),
): Promise<Outcome> {
  const fn = await routeHandler(route, handler);
  const request = await buildRequest(caller, pathname, handler === "action" ? { method: "POST", ...options } : options);
  try {
    return await outcomeOf(await fn({ request, context, params }), false);
  } catch (error) {
    return outcomeOf(error, true);
  }
}

export function isLoginRedirect(outcome: Outcome): boolean {
  return outcome.status >= 300 && outcome.status < 400 && /^\/login(\?|$)/.test(outcome.location ?? "");
}
