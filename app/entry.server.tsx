import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { seedDemo } from "#db/seed.server";
import { closeDatabase, initDatabase } from "./lib/db.server";
import { env } from "./lib/env.server";
import { startPlanWorker, stopPlanWorker } from "./lib/plan-worker.server";
import { startDhis2Schedule, stopDhis2Schedule } from "./lib/dhis2-worker.server";
import { log } from "./lib/log.server";
import { NonceProvider } from "./lib/nonce";
import { OutageProvider } from "./lib/outage";
import { describeOutage, isDatabaseUnavailable } from "./lib/outage.server";
import { endDatabaseOutageDrill } from "./lib/outage-drill.server";

export const streamTimeout = 5_000;

export { log };
export { RETRY_AFTER_SECONDS } from "./lib/outage.server";
// For the browser tests only; server.js wires it when ALBERGUE_OUTAGE_DRILL=1 (e2e/serve.mjs).
export { toggleDatabaseOutageDrill } from "./lib/outage-drill.server";

/**
 * Called once by server.js before it listens: validates the environment (refusing to start
 * without SESSION_SECRET in production), migrates, and seeds the demo when asked to.
 */
export async function startup() {
  const config = env();
  const database = await initDatabase();
  if (config.ALBERGUE_DEMO) {
    const seeded = await seedDemo(database.db, { timeZone: config.ALBERGUE_TIME_ZONE });
    log("info", seeded ? "demo data seeded" : "demo data already present");
  }
  log("info", "database ready", { driver: database.driver });
  if (config.ALBERGUE_PLAN_WORKER) {
    await startPlanWorker(database);
    await startDhis2Schedule(database.db);
  }
}

export async function shutdown() {
  await endDatabaseOutageDrill();
  stopDhis2Schedule();
  await stopPlanWorker();
  await closeDatabase();
}

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const loadContext = context as AppLoadContext | undefined;
  if (isDatabaseUnavailable(error)) {
    // server.js turns the 500 into a 503 with Retry-After; the page says to try again.
    if (loadContext?.outage) loadContext.outage.databaseUnavailable = true;
    log("warn", "database unavailable", {
      requestId: loadContext?.requestId,
      path: new URL(request.url).pathname,
      error: describeOutage(error),
    });
    return;
  }
  log("error", "request failed", {
    requestId: loadContext?.requestId,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? error : String(error),
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // The 503 itself and its Retry-After are set by server.js, for every kind of response.
  const outage = loadContext.outage?.databaseUnavailable === true && responseStatusCode >= 500;
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <OutageProvider value={outage}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </OutageProvider>
      </NonceProvider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) {
            log("error", "render failed", { requestId: loadContext.requestId, error: error instanceof Error ? error : String(error) });
          }
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
