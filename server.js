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
      `script-src 'self' 'nonce-${nonce}'`,
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
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
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

// Cross-site request check: a browser always sends Origin on a POST, so a request whose
// Origin names another host is refused. Scripts and the CLI send none and pass.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  if (!origin) return next();
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    host = "";
  }
  if (host !== req.get("host")) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
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
