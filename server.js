// The production (and dev) HTTP server: Express in front of the Remix request handler.
// It owns what sits outside Remix: request ids, access logs, security headers, the
// cross-site request check, static files and graceful shutdown.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { randomBytes, randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const BUILD_PATH = path.resolve("build/index.js");

async function importBuild() {
  // In development the build is rewritten on every change; a new URL re-imports it.
  const version = mode === "development" ? `?t=${statSync(BUILD_PATH).mtimeMs}` : "";
  return import(pathToFileURL(BUILD_PATH).href + version);
}

let build = await importBuild();
const { startup, shutdown, log, RETRY_AFTER_SECONDS } = build.entry.module;

try {
  await startup();
} catch (error) {
  // Print the reason plainly (for example a missing SESSION_SECRET) and refuse to start.
  log("error", `refusing to start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown().catch(() => {});
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true") app.set("trust proxy", true);
app.use(compression());

app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  const nonce = randomBytes(16).toString("base64");
  res.locals.requestId = requestId;
  res.locals.cspNonce = nonce;
  res.locals.outage = { databaseUnavailable: false };
  // A request that failed only because PostgreSQL could not be reached (handleError sets the
  // flag) answers 503 with Retry-After, whatever kind of response Remix built for it: the page,
  // a client navigation's data or a resource route. The client retries; nothing is lost.
  const setStatus = res.status.bind(res);
  res.status = (code) => {
    if (code >= 500 && res.locals.outage.databaseUnavailable) {
      res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
      return setStatus(503);
    }
    return setStatus(code);
  };
  res.setHeader("X-Request-Id", requestId);
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      // 'wasm-unsafe-eval' lets the page compile WebAssembly (the camera's barcode decoder, a file
      // of this site's own /build/); it allows no eval() of JavaScript and no other origin.
      `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`,
      "style-src 'self'",
      "style-src-attr 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      mode === "development" ? "connect-src 'self' ws://localhost:*" : "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // The camera only for this site's own pages (the stock forms' "Escanear con la cámara").
  res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=(self)");
  res.on("finish", () => {
    if (req.path.startsWith("/build/") || req.path === "/favicon.svg") return;
    log("info", "request", {
      requestId,
      method: req.method,
      path: req.path,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  next();
});

// Only GET, HEAD and POST reach the routes: a browser form sends nothing else, and Remix
// would run an action for PUT, PATCH or DELETE (and fail on TRACE with a 500).
const METHODS = new Set(["GET", "HEAD", "POST"]);
app.use((req, res, next) => {
  if (METHODS.has(req.method)) return next();
  res.setHeader("Allow", "GET, HEAD, POST");
  res.status(405).type("text/plain").send("Method not allowed. / Método no permitido.");
});

// Request bodies are bounded before anything reads them (issue 14: a 100 MB POST to /login was
// read whole): sign-in and language posts are a few fields, the API has its own 64 KiB limit
// (enforced again while reading), and the largest form (a count sheet of 5,000 lots) stays
// well under 1 MiB. A body must declare its length: a chunked body could not be refused
// before it is read. The two batch paths take up to 500 records: 500 arrival groups with every
// group filled in, six nationalities, an origin and a note measure 301 KiB (502 KiB
// pretty-printed), so they get 1 MiB (MAX_BATCH_BODY_BYTES in app/lib/api-batch.server.ts).
// docs/security.md lists these limits.
// The import page takes one file of up to 2 MiB (MAX_IMPORT_BYTES in app/lib/schemas/import.ts)
// plus its multipart framing; its upload handler stops at the file limit with a clear message.
const BODY_LIMITS = { small: 8 * 1024, api: 64 * 1024, batch: 1024 * 1024, form: 1024 * 1024, import: 3 * 1024 * 1024 };
const BATCH_PATH = /^\/api\/v1\/facilities\/[^/]+\/(arrivals|stock\/issues)\/batch\/?$/;
function bodyLimitFor(pathname) {
  if (BATCH_PATH.test(pathname)) return BODY_LIMITS.batch;
  if (pathname.startsWith("/api/")) return BODY_LIMITS.api;
  if (pathname === "/import" || pathname === "/import/") return BODY_LIMITS.import;
  if (pathname === "/login" || pathname === "/language" || pathname === "/logout") return BODY_LIMITS.small;
  return BODY_LIMITS.form;
}
app.use((req, res, next) => {
  if (req.method !== "POST") return next();
  const declared = req.get("content-length");
  if (declared === undefined && req.get("transfer-encoding")) {
    res.setHeader("Connection", "close");
    res.status(411).type("text/plain").send("A Content-Length is required. / Se requiere Content-Length.");
    return;
  }
  const limit = bodyLimitFor(req.path);
  if (Number(declared ?? 0) > limit) {
    // Close the connection rather than read (and discard) the rest of the body.
    res.setHeader("Connection", "close");
    res
      .status(413)
      .type("text/plain")
      .send(`The request is larger than ${Math.round(limit / 1024)} KiB. / La solicitud supera los ${Math.round(limit / 1024)} KiB.`);
    return;
  }
  next();
});

// Cross-site request check (issue 14): a state-changing request needs a same-origin Origin
// (scheme, host and port), or, when a browser sent none or an empty one, a same-origin
// Referer; otherwise only an API call with a bearer token passes (it carries no cookie, so it
// cannot be forged by another site). ALBERGUE_PUBLIC_URL names the origin behind a proxy that
// terminates TLS; without it, the request's own scheme (X-Forwarded-Proto with TRUST_PROXY) and Host.
const publicOrigin = process.env.ALBERGUE_PUBLIC_URL ? new URL(process.env.ALBERGUE_PUBLIC_URL).origin : null;
function originOf(value) {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}
app.use((req, res, next) => {
  if (req.method !== "POST") return next();
  const expected = publicOrigin ?? `${req.protocol}://${req.get("host")}`;
  const origin = req.get("origin");
  const referer = req.get("referer");
  let sameSite;
  if (origin) sameSite = originOf(origin) === expected;
  else if (referer) sameSite = originOf(referer) === expected;
  else sameSite = req.path.startsWith("/api/") && /^Bearer\s/i.test(req.get("authorization") ?? "");
  if (!sameSite) {
    res.status(403).type("text/plain").send("Cross-site request refused. / Solicitud de otro sitio rechazada.");
    return;
  }
  next();
});

// A time budget per request (load shedding): a page or API call still unanswered after it is
// answered 503 (try again) and logged, so a client waits a bounded time and the connection is
// freed. Work that blocks the event loop cannot be pre-empted; the input limits above and in
// the routes are what keep any one request short.
const REQUEST_BUDGET_MS = Number(process.env.ALBERGUE_REQUEST_BUDGET_MS ?? 20_000);
app.use((req, res, next) => {
  const timer = setTimeout(() => {
    if (res.headersSent) return;
    res.locals.timedOut = true;
    log("warn", "request over its time budget", { requestId: res.locals.requestId, method: req.method, path: req.path, budgetMs: REQUEST_BUDGET_MS });
    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    res.status(503).type("text/plain").send("The server is busy; try again. / El servidor está ocupado; vuelva a intentarlo.");
  }, REQUEST_BUDGET_MS);
  timer.unref();
  res.on("close", () => clearTimeout(timer));
  next();
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

// Pages carry people's data: never let a browser or proxy keep a copy (the back button after
// logout must not show anything).
app.use((_req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
});

const getLoadContext = (req, res) => ({
  requestId: res.locals.requestId,
  cspNonce: res.locals.cspNonce,
  outage: res.locals.outage,
  clientAddress: req.ip ?? req.socket.remoteAddress ?? "",
});

app.all(
  "*",
  mode === "production"
    ? createRequestHandler({ build, mode, getLoadContext })
    : async (req, res, next) => {
        try {
          build = await importBuild();
          return createRequestHandler({ build, mode, getLoadContext })(req, res, next);
        } catch (error) {
          next(error);
        }
      },
);

// The handler of a request answered 503 over its budget finishes later and cannot send again.
app.use((error, req, res, next) => {
  if (res.locals.timedOut) return;
  next(error);
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, async () => {
  log("info", "listening", { port, mode, url: `http://localhost:${port}` });
  // Only under `remix dev`, which sets the origin it listens on.
  if (mode === "development" && process.env.REMIX_DEV_ORIGIN) {
    const { broadcastDevReady } = await import("@remix-run/node");
    broadcastDevReady(build);
  }
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  log("info", "shutting down", { signal });
  // Finish the requests in flight, then release the database.
  const force = setTimeout(() => {
    log("warn", "forced shutdown after 10 s");
    process.exit(1);
  }, 10_000);
  force.unref();
  server.close(async () => {
    await shutdown().catch((error) => log("error", "closing the database failed", { error }));
    log("info", "stopped");
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

// The database outage drill of the browser tests (app/lib/outage-drill.server.ts): each SIGUSR2
// makes the database unreachable, or reachable again. Only when e2e/serve.mjs asks for it.
if (process.env.ALBERGUE_OUTAGE_DRILL === "1") {
  const { toggleDatabaseOutageDrill } = build.entry.module;
  process.on("SIGUSR2", () => {
    toggleDatabaseOutageDrill().catch((error) => log("error", "outage drill failed", { error: String(error) }));
  });
}
