#!/usr/bin/env node
// The soak test (`npm run soak`): two production app servers on one throwaway PostgreSQL
// database, 32 concurrent clients recording arrivals, departures, transfers, stock receipts,
// issues, doses and counts through the forms and the API, with one app server killed with
// `kill -9` and PostgreSQL stopped and started mid-run. Some clients are field devices that
// lose their link mid-run: their form submissions wait on the device (some had reached the
// server before the answer was lost) and are replayed, in order and with the same keys, when the
// link returns, as the browser's outbox does (decision 019). Afterwards it checks that nothing
// acknowledged was lost, nothing was counted twice and every invariant holds.
// See docs/decisions/011-soak-and-outages.md.
//
//   npm run soak                      # 300 s
//   npm run soak -- --duration 60     # the short form CI runs
//   options: --clients 32  --ports 3211,3212  --no-faults
//   env: SOAK_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";

const { values: options } = parseArgs({
  options: {
    duration: { type: "string", default: "300" },
    clients: { type: "string", default: "32" },
    ports: { type: "string" },
    "no-faults": { type: "boolean", default: false },
  },
});
const DURATION_S = Number(options.duration);
const CLIENTS = Number(options.clients);
const FAULTS = !options["no-faults"];
if (!(DURATION_S >= 20) || !(CLIENTS >= 1)) {
  console.error("usage: npm run soak -- [--duration seconds (>= 20)] [--clients n] [--ports a,b] [--no-faults]");
  process.exit(2);
}

const ADMIN_URL = process.env.SOAK_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `albergue_soak_${randomBytes(5).toString("hex")}`;
const DB_URL = withDatabase(ADMIN_URL, DB_NAME);
const PASSWORD = "albergue-demo";
const STATIONS = ["LBL", "SVC"]; // the demo manager's facilities
const API_FACILITIES = ["BCH", "LBL", "SVC", "LPG"];
// A write whose answer was lost (503, a killed server) is retried with the same key for this long.
const RETRY_FOR_MS = 60_000;
const SESSION_SECRET = randomBytes(32).toString("hex");
const logDir = mkdtempSync(path.join(tmpdir(), "albergue-soak-"));
const t0 = Date.now();

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function say(message) {
  console.log(`[soak ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

// ---------------------------------------------------------------------------------------
// Bookkeeping

const problems = [];
const stats = {
  requests: new Map(), // kind -> count of HTTP attempts
  acknowledged: new Map(), // kind -> acknowledged writes (or pages answered 200)
  refused: new Map(), // kind -> 4xx answers (validation, not enough stock, ...)
  retries: 0,
  unavailable: 0, // 503 answers
  networkErrors: 0,
  resends: 0,
  gaveUp: 0,
  twinQuestions: 0, // forms that asked "is this another group?" and were confirmed
  hostile: new Map(), // hostile request -> answers by status
  healthz: { probes: 0, slow: 0, maxMs: 0 },
  latencies: [],
  // Devices that lost their link (decision 019): entries kept on the device, of which some had
  // reached the server before the answer was lost; and what their replays were answered.
  offline: { periods: 0, kept: 0, reachedServer: 0, replayed: 0, replayAcked: 0, replayRefused: 0 },
};
const acked = []; // every acknowledged write with its key and expected effect
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
function problem(message) {
  if (problems.length < 200) problems.push(message);
}

// ---------------------------------------------------------------------------------------
// Processes and the database

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
let db; // the harness's own connection to the soak database, for lookups and the checks
const servers = [];
let cleaningUp = false;
let postgresStopped = null; // the cluster version while the fault has PostgreSQL stopped

async function cleanup() {
  if (cleaningUp) return;
  cleaningUp = true;
  // Never leave the shared PostgreSQL stopped, whatever interrupted the run.
  if (postgresStopped) {
    try {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", postgresStopped, "main", "start"], { stdio: "inherit" });
    } catch (error) {
      console.error(`warning: could not start PostgreSQL ${postgresStopped} again: ${error.message}`);
    }
  }
  cliChild?.kill("SIGTERM");
  for (const server of servers) stopServer(server);
  await db?.end({ timeout: 2 }).catch(() => {});
  try {
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
  } catch (error) {
    console.error(`warning: could not drop the database ${DB_NAME}: ${error.message}`);
  }
  await admin.end({ timeout: 2 }).catch(() => {});
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.error(`\nsoak: ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

let cliChild = null;

/** `npm run albergue -- <args>` against the soak database (asynchronous, so Ctrl-C still cleans up). */
function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["cli/albergue.ts", ...args], {
      env: { ...process.env, DATABASE_URL: DB_URL, NODE_ENV: "production", SESSION_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    cliChild = child;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => {
      cliChild = null;
      resolve({ status, stdout, stderr });
    });
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startServer(server) {
  const log = openSync(path.join(logDir, `server-${server.port}.log`), "a");
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: DB_URL,
      DATABASE_POOL_SIZE: "8",
      SESSION_SECRET,
      PORT: String(server.port),
      ALBERGUE_DEMO: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", log, log],
  });
  server.child = child;
  server.exited = false;
  child.on("exit", (code, signal) => {
    server.exited = true;
    if (!server.expectExit && !cleaningUp) problem(`app server on port ${server.port} exited by itself (code ${code}, signal ${signal})`);
  });
}

function stopServer(server) {
  if (server.child && !server.exited) server.child.kill("SIGTERM");
}

async function waitReady(server, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exited) throw new Error(`app server on port ${server.port} exited during start-up; see ${logDir}`);
    try {
      const response = await fetch(`${server.origin}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`app server on port ${server.port} not ready within ${timeoutMs / 1000} s; see ${logDir}`);
}

// ---------------------------------------------------------------------------------------
// HTTP

/** One HTTP attempt; never throws. */
async function attempt(server, kind, req) {
  bump(stats.requests, kind);
  const headers = new Headers(req.headers);
  let body;
  if (req.form) {
    body = new URLSearchParams(req.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    // The cross-site check wants a browser's Origin to name the server it is sent to.
    headers.set("Origin", server.origin);
  } else if (req.json) {
    body = JSON.stringify(req.json);
    headers.set("Content-Type", "application/json");
  }
  if (req.session) headers.set("Cookie", req.session.cookie);
  const started = performance.now();
  try {
    const response = await fetch(`${server.origin}${req.path}`, {
      method: req.form || req.json ? "POST" : "GET",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    stats.latencies.push(performance.now() - started);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    stats.networkErrors += 1;
    return { status: 0, error: String(error?.cause?.code ?? error?.message ?? error) };
  }
}

function checkOutageAnswer(answer, where) {
  // Exactly one header: fetch would join two into "5, 5".
  if (!/^\d+$/.test(answer.headers.get("retry-after") ?? "")) problem(`a 503 from ${where} without one Retry-After (${answer.headers.get("retry-after")})`);
  if (/\n\s+at .+:\d+:\d+/.test(answer.text)) problem(`a 503 from ${where} shows a stack trace`);
}

const isRedirect = (status) => status >= 300 && status < 400;

/**
 * Sends a write until it is answered: a 503 or a lost connection is not an answer, so the same
 * request (same idempotency key) goes again, to the other server after a connection error.
 * Returns the answer, or null when it gave up.
 */
async function write(client, kind, req, { expectAck = false } = {}) {
  if (client.offline && req.form) return keepOnDevice(client, kind, req);
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  let serverIndex = client.server;
  let delay = 200;
  for (;;) {
    const server = servers[serverIndex];
    const answer = await attempt(server, kind, req);
    if (answer.status === 503) {
      stats.unavailable += 1;
      checkOutageAnswer(answer, `${req.path}`);
    } else if (answer.status === 0) {
      serverIndex = 1 - serverIndex;
    } else if (answer.status >= 500) {
      problem(`${kind}: ${answer.status} from ${req.path} (${answer.text.slice(0, 200).replace(/\s+/g, " ")})`);
      return null;
    } else if (answer.status === 409 && req.form && !req.form.confirmRepeat && answer.text.includes('name="confirmRepeat"')) {
      // The form found an identical group by the same person minutes ago and asks; a soak
      // client's groups are distinct, so it says so, as a person would, and sends again.
      stats.twinQuestions += 1;
      req.form.confirmRepeat = "yes";
      continue;
    } else {
      const ok = req.json ? answer.status === 201 : isRedirect(answer.status);
      if (ok) bump(stats.acknowledged, kind);
      else {
        bump(stats.refused, kind);
        if (expectAck) problem(`${kind}: a resend with the same key was refused (${answer.status}) on ${req.path}`);
      }
      return { ...answer, ok };
    }
    if (Date.now() > giveUpAt) {
      stats.gaveUp += 1;
      return null;
    }
    stats.retries += 1;
    await sleep(delay);
    delay = Math.min(delay * 2, 2000);
  }
}

/**
 * A device without its link keeps the form on the device, as the browser's outbox does; now and
 * then the post had reached the server before the link dropped, and only the answer was lost
 * (the server may have recorded it). The write's answer is the replay's, once the link returns.
 */
function keepOnDevice(client, kind, req) {
  stats.offline.kept += 1;
  const kept = { kind, req, reached: null };
  if (Math.random() < 0.3) {
    stats.offline.reachedServer += 1;
    kept.reached = attempt(servers[client.server], kind, { ...req, form: { ...req.form } });
  }
  const answered = new Promise((resolve) => (kept.resolve = resolve));
  client.outbox.push(kept);
  return answered;
}

/** The link is back: the kept entries go in the order they were made, each with its own key. */
async function replayOutbox(client) {
  client.offline = false;
  for (const kept of client.outbox.splice(0)) {
    await kept.reached;
    stats.offline.replayed += 1;
    const answer = await write(client, kept.kind, kept.req);
    if (answer?.ok) stats.offline.replayAcked += 1;
    else if (answer) stats.offline.replayRefused += 1;
    kept.resolve(answer);
  }
}

/** Records an acknowledged write, and now and then sends it again with the same key. */
async function acknowledged(client, kind, req, answer, effect) {
  acked.push({ kind, ...effect });
  if (Math.random() < 0.12) {
    stats.resends += 1;
    // Half the time at once from another "tab" on the other server, as a double click would.
    const other = { ...client, server: 1 - client.server };
    const again = await write(Math.random() < 0.5 ? other : client, kind, req, { expectAck: true });
    if (again?.ok && req.json && again.headers.get("idempotent-replayed") !== "true") {
      problem(`${kind}: an API resend was not answered as a replay (${req.path})`);
    }
  }
}

async function login(server, email) {
  const answer = await attempt(server, "login", { path: "/login", form: { email, password: PASSWORD, redirectTo: "" } });
  if (!isRedirect(answer.status)) throw new Error(`login as ${email} failed: ${answer.status} ${answer.error ?? ""}`);
  const cookie = answer.headers
    .getSetCookie()
    .map((c) => c.split(";", 1)[0])
    .join("; ");
  return { email, cookie };
}

// ---------------------------------------------------------------------------------------
// What the clients do

const key = (kind) => `soak-${kind}-${randomBytes(9).toString("base64url")}`;
const recently = () => new Date(Date.now() - between(60, 3600) * 1000).toISOString();
const groups = ["adultMen", "adultWomen", "boys5to17", "girls5to17", "boys1to4", "girls1to4"];

function someCounts(max) {
  const counts = {};
  let total = 0;
  for (const g of groups) {
    const n = Math.random() < 0.5 ? between(0, max) : 0;
    if (n > 0) counts[g] = n;
    total += n;
  }
  if (total === 0) {
    counts.adultMen = 1;
    total = 1;
  }
  return { counts, total };
}

const asForm = (counts) => Object.fromEntries(Object.entries(counts).map(([g, n]) => [g, String(n)]));
const transfersToReceive = []; // { to, transferId, counts }

/** The harness's own reads during the run: PostgreSQL may be restarting, so they wait for it. */
async function lookup(query) {
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await query();
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await sleep(500);
    }
  }
}

async function transferIdOf(ledgerKey) {
  const [row] = await lookup(() => db`select transfer_id from population_entries where idempotency_key = ${ledgerKey}`);
  return row?.transfer_id ?? null;
}

const actions = {
  async view(client) {
    const session = pick(client.sessions);
    const pages =
      session === client.health
        ? ["/facilities/SVC", "/facilities/SVC/care", "/facilities/SVC/care/followup", "/facilities/SVC/stock"]
        : session === client.admin
          ? ["/facilities", "/network", "/planning", "/planning/report", "/admin/audit", "/facilities/BCH/entries"]
          : ["/facilities/LBL", "/facilities/SVC/entries", "/facilities/LBL/stock", "/facilities/SVC/stock/shipments"];
    const page = pick(pages);
    const answer = await attempt(servers[client.server], "view", { path: page, session });
    if (answer.status === 200) bump(stats.acknowledged, "view");
    else if (answer.status === 503) {
      stats.unavailable += 1;
      checkOutageAnswer(answer, page);
    } else if (answer.status >= 500) problem(`view ${page}: ${answer.status}`);
    else if (answer.status !== 0) problem(`view ${page}: unexpected ${answer.status}`);
  },

  async arrivalForm(client) {
    const facility = pick(STATIONS);
    const { counts, total } = someCounts(6);
    const k = key("arr");
    const req = {
      path: `/facilities/${facility}/arrivals/new`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: recently(), ...asForm(counts), "nationalities[0].country": "VE", "nationalities[0].count": String(total), origin: "Soak" },
    };
    const answer = await write(client, "arrival (form)", req);
    if (answer?.ok) await acknowledged(client, "arrival (form)", req, answer, { table: "population", key: k, entryKind: "arrival", total });
  },

  async arrivalApi(client) {
    const facility = pick(API_FACILITIES);
    const { counts, total } = someCounts(8);
    const k = key("arr");
    const req = {
      path: `/api/v1/facilities/${facility}/arrivals`,
      headers: { Authorization: `Bearer ${client.token}`, "Idempotency-Key": k },
      json: { occurredAt: recently(), ...counts, nationalities: [{ country: "CO", count: total }] },
    };
    const answer = await write(client, "arrival (API)", req);
    if (answer?.ok) await acknowledged(client, "arrival (API)", req, answer, { table: "population", key: `api:${client.tokenId}:${k}`, entryKind: "arrival", total });
  },

  async departureForm(client) {
    const facility = pick(STATIONS);
    const k = key("dep");
    const total = between(1, 2);
    const req = {
      path: `/facilities/${facility}/departures/new`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: recently(), kind: "onward", destination: "Costa Rica", adultMen: String(total) },
    };
    const answer = await write(client, "departure (form)", req);
    if (answer?.ok) await acknowledged(client, "departure (form)", req, answer, { table: "population", key: k, entryKind: "departure", total });
  },

  async departureApi(client) {
    const facility = pick(API_FACILITIES);
    const k = key("dep");
    const total = between(1, 2);
    const req = {
      path: `/api/v1/facilities/${facility}/departures`,
      headers: { Authorization: `Bearer ${client.token}`, "Idempotency-Key": k },
      json: { occurredAt: recently(), kind: "onward", destination: "Costa Rica", adultWomen: total },
    };
    const answer = await write(client, "departure (API)", req);
    if (answer?.ok) await acknowledged(client, "departure (API)", req, answer, { table: "population", key: `api:${client.tokenId}:${k}`, entryKind: "departure", total });
  },

  async transferForm(client) {
    const from = pick(STATIONS);
    const to = from === "LBL" ? "SVC" : "LBL";
    const k = key("trf");
    const counts = { adultMen: between(1, 2) };
    const req = {
      path: `/facilities/${from}/departures/new`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: recently(), kind: "transfer", toFacility: to, ...asForm(counts) },
    };
    const answer = await write(client, "transfer sent (form)", req);
    if (!answer?.ok) return;
    await acknowledged(client, "transfer sent (form)", req, answer, { table: "population", key: k, entryKind: "transfer_out", total: counts.adultMen });
    const transferId = await transferIdOf(k);
    if (transferId) transfersToReceive.push({ to, transferId, counts });
    else problem(`transfer sent (form) ${k}: acknowledged but no transfer in the ledger`);
  },

  async transferApi(client) {
    const from = pick(["BCH", "LPG", "LBL"]);
    const to = pick(STATIONS.filter((s) => s !== from));
    const k = key("trf");
    const counts = { adultWomen: between(1, 2) };
    const req = {
      path: `/api/v1/facilities/${from}/departures`,
      headers: { Authorization: `Bearer ${client.token}`, "Idempotency-Key": k },
      json: { occurredAt: recently(), kind: "transfer", toFacility: to, ...counts },
    };
    const answer = await write(client, "transfer sent (API)", req);
    if (!answer?.ok) return;
    await acknowledged(client, "transfer sent (API)", req, answer, { table: "population", key: `api:${client.tokenId}:${k}`, entryKind: "transfer_out", total: counts.adultWomen });
    const transferId = JSON.parse(answer.text).transferId;
    if (transferId) transfersToReceive.push({ to, transferId, counts });
    else problem(`transfer sent (API) ${k}: 201 without a transferId`);
  },

  async transferReceive(client) {
    const transfer = transfersToReceive.shift();
    if (!transfer) return actions.view(client);
    const k = key("rcv");
    const total = Object.values(transfer.counts).reduce((a, b) => a + b, 0);
    const req = {
      path: `/facilities/${transfer.to}/transfers/${transfer.transferId}/receive`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: new Date().toISOString(), ...asForm(transfer.counts) },
    };
    const answer = await write(client, "transfer received (form)", req);
    if (answer?.ok) await acknowledged(client, "transfer received (form)", req, answer, { table: "population", key: k, entryKind: "transfer_in", total });
  },

  async receiptForm(client) {
    const facility = pick(STATIONS);
    const item = pick(client.items);
    const k = key("rec");
    const quantity = between(5, 50);
    const line = { "lines[0].item": item.code, "lines[0].quantity": String(quantity) };
    if (item.lotTracked) line["lines[0].lotNumber"] = `SOAK-${item.code}-1`;
    if (item.lotTracked && item.expires) line["lines[0].expiry"] = client.expiry;
    const req = {
      path: `/facilities/${facility}/stock/receipts/new`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: recently(), source: "Soak supplier", documentRef: k.slice(-12), ...line },
    };
    const answer = await write(client, "stock receipt (form)", req);
    if (answer?.ok) await acknowledged(client, "stock receipt (form)", req, answer, { table: "stock", key: k, opKind: "receipt", quantity });
  },

  async receiptApi(client) {
    const facility = pick(API_FACILITIES);
    const item = pick(client.items);
    const k = key("rec");
    const quantity = between(5, 50);
    const line = { item: item.code, quantity };
    if (item.lotTracked) line.lotNumber = `SOAK-${item.code}-2`;
    if (item.lotTracked && item.expires) line.expiry = client.expiry;
    const req = {
      path: `/api/v1/facilities/${facility}/stock/receipts`,
      headers: { Authorization: `Bearer ${client.token}`, "Idempotency-Key": k },
      json: { occurredAt: recently(), source: "Soak registry", lines: [line] },
    };
    const answer = await write(client, "stock receipt (API)", req);
    if (answer?.ok) await acknowledged(client, "stock receipt (API)", req, answer, { table: "stock", key: `api:${client.tokenId}:${k}`, opKind: "receipt", quantity });
  },

  async issueForm(client) {
    const facility = pick(STATIONS);
    const item = pick(client.items);
    const k = key("iss");
    const quantity = between(1, 8);
    const req = {
      path: `/facilities/${facility}/stock/issues/new`,
      session: client.manager,
      form: { idempotencyKey: k, occurredAt: recently(), item: item.code, quantity: String(quantity), peopleServed: String(quantity) },
    };
    const answer = await write(client, "stock issue (form)", req);
    if (answer?.ok) await acknowledged(client, "stock issue (form)", req, answer, { table: "stock", key: k, opKind: "issue", quantity: -quantity });
  },

  async issueApi(client) {
    const facility = pick(API_FACILITIES);
    const item = pick(client.items);
    const k = key("iss");
    const quantity = between(1, 8);
    const req = {
      path: `/api/v1/facilities/${facility}/stock/issues`,
      headers: { Authorization: `Bearer ${client.token}`, "Idempotency-Key": k },
      json: { occurredAt: recently(), item: item.code, quantity, peopleServed: quantity },
    };
    const answer = await write(client, "stock issue (API)", req);
    if (answer?.ok) await acknowledged(client, "stock issue (API)", req, answer, { table: "stock", key: `api:${client.tokenId}:${k}`, opKind: "issue", quantity: -quantity });
  },

  async dose(client) {
    const caseCode = pick(client.cases);
    const k = key("dose");
    const status = Math.random() < 0.35 ? "given" : "not_given";
    const form = { intent: "record", idempotencyKey: k, occurredAt: new Date(Date.now() - 60_000).toISOString(), vaccine: pick(["VAC-BOPV", "VAC-MR"]), doseNumber: String(between(1, 3)), status };
    if (status === "not_given") form.notGivenReason = pick(["refused", "ill", "other"]);
    const req = { path: `/facilities/SVC/care/${caseCode}/vaccinate`, session: client.health, form };
    const answer = await write(client, "dose (form)", req);
    if (answer?.ok) await acknowledged(client, "dose (form)", req, answer, { table: "dose", key: k, status });
  },

  /**
   * A stock request's whole life (issue 17): a station manager raises and submits it, a planner
   * approves it, the warehouse (ALM) starts and confirms the pick list (the shipment leaves in
   * transit), and the station receives it. Every step is a form with its own key, retried with
   * that key through outages and now and then sent twice; the end checks one history row per
   * transition and the stock that arrived equal to what was picked.
   */
  async requestLifecycle(client) {
    if (client.offline || client.requestItems.length === 0) return actions.view(client);
    const facility = pick(STATIONS);
    const item = pick(client.requestItems);
    const quantity = between(1, 5);
    const step = async (kind, req) => {
      const answer = await write(client, kind, req);
      if (answer?.ok) await acknowledged(client, kind, req, answer, { table: "requestStep" });
      return answer?.ok ? answer : null;
    };
    const raise = { path: `/facilities/${facility}/requests/new`, session: client.manager, form: { idempotencyKey: key("req"), supplier: "ALM", neededBy: client.neededBy, "lines[0].item": item.code, "lines[0].quantity": String(quantity), notes: "Soak" } };
    const raised = await step("request raised (form)", raise);
    const requestId = raised ? Number(new URL(raised.headers.get("location") ?? "/", "http://x").pathname.split("/").at(-1)) : NaN;
    if (!Number.isInteger(requestId) || requestId <= 0) return;
    const life = { table: "request", requestId, facility, quantity, reached: "draft" };
    acked.push(life);
    const base = `/facilities/${facility}/requests`;
    if (!(await step("request submitted (form)", { path: `${base}/${requestId}`, session: client.manager, form: { intent: "submit", idempotencyKey: key("sub") } }))) return;
    life.reached = "submitted";
    const approve = { intent: "approve", idempotencyKey: key("apr"), "lines[0].itemId": String(item.id), "lines[0].approved": String(quantity), reason: "" };
    if (!(await step("request approved (form)", { path: `${base}/review/${requestId}`, session: client.planner, form: approve }))) return;
    life.reached = "approved";
    const picking = `/facilities/ALM/picking/${requestId}`;
    if (!(await step("pick started (form)", { path: picking, session: client.warehouse, form: { intent: "start", idempotencyKey: key("pks") } }))) return;
    life.reached = "picking";
    const [lot] = await lookup(
      () => db`select b.lot_id from stock_balances b join facilities f on f.id = b.facility_id join lots l on l.id = b.lot_id
               where f.code = 'ALM' and b.item_id = ${item.id} and b.quantity >= ${quantity} and not b.quarantined and coalesce(b.vvm_stage, 1) < 3
                 and (l.expiry is null or l.expiry > current_date + 1) order by l.expiry nulls last, b.lot_id limit 1`,
    );
    if (!lot) return;
    const confirm = { intent: "confirm", idempotencyKey: key("pkc"), "lines[0].lotId": String(lot.lot_id), "lines[0].quantity": String(quantity), notes: "" };
    if (!(await step("pick confirmed, shipped (form)", { path: picking, session: client.warehouse, form: confirm }))) return;
    life.reached = "shipped";
    const [shipment] = await lookup(() => db`select shipment_id from stock_requests where id = ${requestId}`);
    if (!shipment?.shipment_id) return problem(`request ${requestId}: shipped without a shipment`);
    const receive = {
      path: `/facilities/${facility}/stock/shipments/${shipment.shipment_id}/receive`,
      session: client.manager,
      form: { idempotencyKey: key("srv"), occurredAt: new Date().toISOString(), "lines[0].lotId": String(lot.lot_id), "lines[0].received": String(quantity), notes: "" },
    };
    if (!(await step("request received (form)", receive))) return;
    life.reached = "received";
  },

  async count(client) {
    const facility = pick(STATIONS);
    const opened = await write(client, "count opened (form)", { path: `/facilities/${facility}/stock/counts`, session: client.manager, form: { intent: "open" } });
    const sheetPath = opened?.ok ? new URL(opened.headers.get("location"), "http://x").pathname : null;
    if (!sheetPath) return;
    const page = await attempt(servers[client.server], "view", { path: sheetPath, session: client.manager });
    if (page.status !== 200) return;
    const lotIds = [...page.text.matchAll(/name="lines\[(\d+)\]\.lotId" value="(\d+)"/g)].map((m) => Number(m[2]));
    if (lotIds.length === 0) return;
    const balances = await lookup(
      () => db`select b.lot_id, b.quantity from stock_balances b join facilities f on f.id = b.facility_id where f.code = ${facility} and b.lot_id in ${db(lotIds)}`,
    );
    const byLot = new Map(balances.map((b) => [Number(b.lot_id), Number(b.quantity)]));
    const k = key("cnt");
    const form = { intent: "submit", idempotencyKey: k };
    lotIds.forEach((lotId, i) => {
      form[`lines[${i}].lotId`] = String(lotId);
      // Now and then a lot counted short, as a real count finds.
      const balance = byLot.get(lotId) ?? 0;
      form[`lines[${i}].counted`] = String(Math.random() < 0.1 ? Math.max(0, balance - 1) : balance);
    });
    const req = { path: sheetPath, session: client.manager, form };
    const answer = await write(client, "count submitted (form)", req);
    if (answer?.ok) await acknowledged(client, "count submitted (form)", req, answer, { table: "stock", key: k, opKind: "count" });
  },
};

// Weights: what a busy station does in an hour, pages most.
const mix = [
  ["view", 24],
  ["arrivalForm", 10],
  ["arrivalApi", 8],
  ["departureForm", 6],
  ["departureApi", 4],
  ["transferForm", 5],
  ["transferApi", 4],
  ["transferReceive", 8],
  ["receiptForm", 6],
  ["receiptApi", 4],
  ["issueForm", 7],
  ["issueApi", 5],
  ["dose", 7],
  ["count", 2],
  ["requestLifecycle", 2],
];
const mixTotal = mix.reduce((sum, [, w]) => sum + w, 0);
// What a device without its link still does: the field forms (the outbox keeps them).
const offlineActions = ["arrivalForm", "arrivalForm", "departureForm", "receiptForm", "issueForm", "dose"];
function nextAction() {
  let r = Math.random() * mixTotal;
  for (const [name, weight] of mix) {
    r -= weight;
    if (r < 0) return name;
  }
  return "view";
}

// ---------------------------------------------------------------------------------------
// A hostile client (issue 14): oversized and malformed requests all through the run. Each
// must be refused with its 4xx (or the connection closed, for a body refused unread), never a
// 5xx but the outage's 503; meanwhile every live server's /healthz must answer within 5 s
// (the run shares two cores with PostgreSQL and 32 clients; the slowest answer is reported).

const hostileRequests = [
  ["login 2 MB", (server) => ({ path: "/login", method: "POST", headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" }, body: "a".repeat(2 * 1024 * 1024) }), [413, 0]],
  ["sparse row index", (server, c) => ({ path: "/facilities/SVC/stock/shipments/new", method: "POST", session: c.manager, headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" }, body: "lines%5B3000%5D.lot=1" }), [400]],
  ["10,000 fields", (server, c) => ({ path: "/facilities/SVC/arrivals/new", method: "POST", session: c.manager, headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" }, body: Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join("&") }), [413]],
  ["text/plain form", (server, c) => ({ path: "/facilities/SVC/arrivals/new", method: "POST", session: c.manager, headers: { Origin: server.origin, "Content-Type": "text/plain" }, body: "adultMen=3" }), [415]],
  ["TRACE", () => ({ path: "/", method: "TRACE" }), [405]],
  ["DELETE", (server, c) => ({ path: "/facilities/SVC", method: "DELETE", session: c.manager, headers: { Origin: server.origin } }), [405]],
  ["no Origin", (server, c) => ({ path: "/logout", method: "POST", session: c.manager, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "" }), [403]],
  ["deep JSON", (server, c) => ({ path: "/api/v1/facilities/SVC/arrivals", method: "POST", headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json", "Idempotency-Key": key("deep") }, body: `{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}` }), [400, 403]],
  ["id out of range", (server, c) => ({ path: "/facilities/SVC/stock/counts/99999999999", method: "GET", session: c.manager }), [404]],
  ["audit year 9999", (server, c) => ({ path: "/admin/audit?to=9999-12-31&user=99999999999", method: "GET", session: c.admin }), [200]],
];

function rawRequest(server, req) {
  return new Promise((resolve) => {
    const headers = { ...req.headers };
    if (req.session) headers.Cookie = req.session.cookie;
    if (req.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(req.body));
    const request = http.request(`${server.origin}${req.path}`, { method: req.method, headers, timeout: 30_000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
      response.on("error", () => resolve(response.statusCode));
    });
    request.on("timeout", () => {
      request.destroy();
      resolve("timeout");
    });
    request.on("error", () => resolve(0));
    request.end(req.body);
  });
}

async function hostileClient(client, endAt) {
  let i = 0;
  while (Date.now() < endAt) {
    const [name, build, expected] = hostileRequests[i % hostileRequests.length];
    i += 1;
    const server = servers[i % 2];
    if (server.down) continue;
    const req = build(server, client);
    // node:http rather than fetch: fetch refuses to send TRACE at all.
    const status = await rawRequest(server, req);
    const counts = stats.hostile.get(name) ?? new Map();
    bump(counts, status);
    stats.hostile.set(name, counts);
    // "timeout": no answer within 30 s on this shared machine (the /healthz probe below is what
    // catches a stalled server); 0: the connection closed under the sender.
    if (status !== 503 && status !== "timeout" && !expected.includes(status) && !(status === 0 && server.down)) {
      problem(`hostile ${name}: answered ${status}, expected ${expected.join(" or ")}`);
    }
    await sleep(between(20, 120));
  }
}

async function healthzProber(endAt) {
  while (Date.now() < endAt) {
    for (const server of servers) {
      if (server.down) continue;
      stats.healthz.probes += 1;
      const started = performance.now();
      try {
        const response = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(5000) });
        if (response.status !== 200) throw new Error(String(response.status));
        await response.text();
        stats.healthz.maxMs = Math.max(stats.healthz.maxMs, performance.now() - started);
      } catch (error) {
        if (server.down) continue;
        stats.healthz.slow += 1;
        problem(`/healthz on port ${server.port} did not answer within 5 s (${error?.message ?? error}, ${Math.round(performance.now() - started)} ms)`);
      }
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------
// Faults

const faults = [];

async function killAndRestart(server) {
  say(`fault: kill -9 the app server on port ${server.port} (pid ${server.child.pid})`);
  server.expectExit = true;
  server.down = true;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  process.kill(server.child.pid, "SIGKILL");
  await exited;
  await sleep(2000);
  server.expectExit = false;
  startServer(server);
  const started = Date.now();
  await waitReady(server);
  server.down = false;
  faults.push(`app server ${server.port} killed with SIGKILL and restarted (ready ${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
  say(`fault: app server on port ${server.port} back (pid ${server.child.pid})`);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

function postgresCluster() {
  const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").sort((a, b) => Number(a) - Number(b)) : [];
  const version = versions.at(-1);
  if (!version) throw new Error("no PostgreSQL cluster under /etc/postgresql: cannot restart PostgreSQL (use --no-faults)");
  if (process.getuid?.() !== 0) throw new Error("restarting PostgreSQL (pg_ctlcluster) needs root: run the soak as root, or with --no-faults");
  return version;
}

/** Probes one page and one API read on every server during the outage and after it. */
async function probe(probeSession, token) {
  const results = [];
  for (const server of servers) {
    // An answer within 10 s: a request that hangs through an outage is not an answer.
    const page = await attempt(server, "outage probe", { path: "/facilities/LBL", session: probeSession, timeoutMs: 10_000 });
    const api = await attempt(server, "outage probe", { path: "/api/v1/facilities/LBL/census", headers: { Authorization: `Bearer ${token}` }, timeoutMs: 10_000 });
    results.push({ server, page, api });
  }
  return results;
}

async function restartPostgres(probeSession, token) {
  const version = postgresCluster();
  const seen = { page503: 0, api503: 0, other: new Map() };
  const record = (results) => {
    for (const { server, page, api } of results) {
      for (const [what, answer] of [
        ["page", page],
        ["api", api],
      ]) {
        if (answer.status === 503) {
          seen[`${what}503`] += 1;
          checkOutageAnswer(answer, `${what} probe on ${server.port}`);
          if (what === "page" && seen.page503 === 1) writeFileSync(path.join(logDir, "outage-page.html"), answer.text);
          if (what === "page" && !/<html/i.test(answer.text)) problem("the outage page is not an HTML page");
          if (what === "page" && !/503/.test(answer.text)) problem("the outage page does not say 503");
          if (what === "page" && /error-reference/.test(answer.text)) problem("the outage page shows a 500 reference");
          if (what === "api") {
            let body = {};
            try {
              body = JSON.parse(answer.text);
            } catch {
              problem(`the API's 503 is not JSON: ${answer.text.slice(0, 80)}`);
            }
            if (body.error !== "unavailable" || !/retry/i.test(body.message ?? "")) problem(`the API's 503 has no retry message: ${answer.text.slice(0, 120)}`);
          }
        } else if (answer.status >= 500) problem(`${what} probe on ${server.port} answered ${answer.status} during the database outage`);
        else bump(seen.other, `${what} ${answer.status || answer.error}`);
      }
    }
  };
  say(`fault: stopping PostgreSQL ${version}/main`);
  const stoppedAt = Date.now();
  // The probes run while PostgreSQL shuts down (which can take seconds: a checkpoint) and while
  // it is down; then it starts again. Short: other people's tests share it.
  let probing = true;
  const probes = (async () => {
    while (probing) {
      record(await probe(probeSession, token));
      await sleep(150);
    }
  })();
  try {
    // Asynchronously: the clients keep running (and retrying) while PostgreSQL is down.
    postgresStopped = version;
    await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "stop", "-m", "fast"]);
    // Down for two seconds, longer (up to eight) until a page and an API read have met the outage.
    const downAt = Date.now();
    while (Date.now() - downAt < 2000 || ((seen.page503 === 0 || seen.api503 === 0) && Date.now() - downAt < 8000)) await sleep(100);
  } finally {
    await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
    postgresStopped = null;
    probing = false;
  }
  await probes;
  const startedAt = Date.now();
  say(`fault: PostgreSQL started again after ${((startedAt - stoppedAt) / 1000).toFixed(1)} s`);
  // Recovery without restarting anything: both servers answer again by themselves.
  let recovered = false;
  while (Date.now() - startedAt < 30_000) {
    const results = await probe(probeSession, token);
    if (results.every(({ page, api }) => page.status === 200 && api.status === 200)) {
      recovered = true;
      break;
    }
    record(results);
    await sleep(250);
  }
  if (!recovered) problem("the app servers did not recover within 30 s of PostgreSQL starting again");
  if (seen.page503 === 0) problem("no page answered 503 while PostgreSQL was down");
  if (seen.api503 === 0) problem("no API request answered 503 while PostgreSQL was down");
  faults.push(
    `PostgreSQL stopped for ${((startedAt - stoppedAt) / 1000).toFixed(1)} s: probes saw ${seen.page503} page and ${seen.api503} API answers of 503; ` +
      `recovered ${recovered ? `${((Date.now() - startedAt) / 1000).toFixed(1)} s after the start` : "NOT"} without restarting the app` +
      (seen.other.size ? ` (other probe answers: ${[...seen.other].map(([k, n]) => `${k} x${n}`).join(", ")})` : ""),
  );
}

// ---------------------------------------------------------------------------------------
// The checks

/**
 * The plan workers of both servers (decision 018) recompute the stored plan after the writes:
 * waits until nothing has been written after the stored baseline plan's mark, and says how long
 * that took after the last write. verify then checks that it is the plan of its inputs.
 */
async function waitForCurrentPlan() {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const [plan] = await db`select audit_mark, snapshot from stored_plans where key = 'baseline'`;
    if (plan) {
      const [row] = await db`select exists (select 1 from audit_log where id > ${plan.audit_mark})
          or exists (select 1 from pg_snapshot_xip(${plan.snapshot}::pg_snapshot) as o(x) where pg_xact_status(o.x) = 'committed') as changed`;
      if (!row.changed) return Date.now() - started;
    }
    await sleep(250);
  }
  problem("the stored plan was not recomputed within 60 s of the last write");
  return null;
}

async function planJobs() {
  const [row] = await db`select count(*)::int as n from pgboss.job where name = 'plans-recompute' and state = 'completed'`.catch(() => [{ n: "?" }]);
  return row.n;
}

async function checkResults(baseline) {
  const failures = [];
  const fail = (message) => failures.push(message);

  // Balances: every census and stock balance equals the sum of its entries, none negative.
  const columns = (
    await db`select column_name from information_schema.columns where table_name = 'census' and data_type in ('integer', 'bigint') and column_name <> 'facility_id'
             intersect select column_name from information_schema.columns where table_name = 'population_entries'`
  ).map((r) => r.column_name);
  const differs = columns.map((c) => `coalesce(c.${c}, 0) <> coalesce(s.${c}, 0)`).join(" or ");
  const sums = columns.map((c) => `sum(sign * ${c}) as ${c}`).join(", ");
  const census = await db.unsafe(
    `with s as (select facility_id, ${sums} from population_entries group by facility_id)
     select coalesce(c.facility_id, s.facility_id) as facility from census c full join s on s.facility_id = c.facility_id where ${differs}`,
  );
  if (census.length) fail(`census differs from the sum of its entries at facilities ${census.map((r) => r.facility).join(", ")}`);
  const negativeCensus = await db.unsafe(`select facility_id from census where ${columns.map((c) => `${c} < 0`).join(" or ")}`);
  if (negativeCensus.length) fail(`negative census groups at facilities ${negativeCensus.map((r) => r.facility_id).join(", ")}`);
  const stock = await db`
    with s as (select facility_id, lot_id, sum(quantity) as quantity from stock_entries group by facility_id, lot_id)
    select coalesce(b.facility_id, s.facility_id) as facility, coalesce(b.lot_id, s.lot_id) as lot
    from stock_balances b full join s on s.facility_id = b.facility_id and s.lot_id = b.lot_id
    where coalesce(b.quantity, 0) <> coalesce(s.quantity, 0)`;
  if (stock.length) fail(`${stock.length} stock balances differ from the sum of their entries`);
  const negativeStock = await db`select count(*)::int as n from stock_balances where quantity < 0`;
  if (negativeStock[0].n) fail(`${negativeStock[0].n} negative stock balances`);

  // Each idempotency key counted once: exactly one ledger operation per key.
  for (const table of ["population_entries", "stock_operations", "vaccine_doses", "care_encounters"]) {
    const dupes = await db.unsafe(`select idempotency_key, count(*)::int as n from ${table} group by idempotency_key having count(*) > 1 limit 5`);
    if (dupes.length) fail(`${table}: keys counted more than once: ${dupes.map((d) => `${d.idempotency_key} x${d.n}`).join(", ")}`);
  }

  // Every acknowledged write is there, once, with the effect it asked for.
  const byTable = { population: [], stock: [], dose: [], request: [], requestStep: [] };
  for (const write of acked) byTable[write.table].push(write);
  const population = new Map(
    (await db`select idempotency_key, kind, total, count(*) over (partition by idempotency_key)::int as n from population_entries where id > ${baseline.population}`).map((r) => [r.idempotency_key, r]),
  );
  for (const w of byTable.population) {
    const row = population.get(w.key);
    if (!row) fail(`${w.kind} ${w.key}: acknowledged but not in the ledger`);
    else if (row.kind !== w.entryKind || row.total !== w.total) fail(`${w.kind} ${w.key}: recorded as ${row.kind} of ${row.total}, sent ${w.entryKind} of ${w.total}`);
  }
  const operations = new Map(
    (
      await db`select o.idempotency_key, o.kind, coalesce(sum(e.quantity), 0)::int as quantity
               from stock_operations o left join stock_entries e on e.operation_id = o.id
               where o.id > ${baseline.stock} group by o.id`
    ).map((r) => [r.idempotency_key, r]),
  );
  for (const w of byTable.stock) {
    const row = operations.get(w.key);
    if (!row) fail(`${w.kind} ${w.key}: acknowledged but not in the ledger`);
    else if (row.kind !== w.opKind || (w.quantity !== undefined && row.quantity !== w.quantity)) {
      fail(`${w.kind} ${w.key}: recorded as ${row.kind} of ${row.quantity}, sent ${w.opKind} of ${w.quantity}`);
    }
  }
  const doses = new Map((await db`select idempotency_key, status from vaccine_doses where id > ${baseline.dose}`).map((r) => [r.idempotency_key, r]));
  for (const w of byTable.dose) {
    const row = doses.get(w.key);
    if (!row) fail(`${w.kind} ${w.key}: acknowledged but not recorded`);
    else if (row.status !== w.status) fail(`${w.kind} ${w.key}: recorded as ${row.status}, sent ${w.status}`);
  }

  // Every request life cycle stands where its last acknowledged step left it (or further: an
  // answer lost after the server committed), with one history row per transition whatever the
  // retries and double sends, and the stock received equal to what was picked and shipped.
  const order = ["draft", "submitted", "approved", "picking", "shipped", "received", "closed"];
  if (byTable.request.length) {
    const ids = byTable.request.map((r) => r.requestId);
    const rows = new Map((await db`select id, status::text as status, shipment_id from stock_requests where id in ${db(ids)}`).map((r) => [r.id, r]));
    const twice = await db`select request_id, to_status::text as status, count(*)::int as n from stock_request_events where request_id in ${db(ids)} group by 1, 2 having count(*) > 1`;
    if (twice.length) fail(`request transitions recorded more than once: ${twice.slice(0, 5).map((r) => `${r.request_id} ${r.status} x${r.n}`).join(", ")}`);
    const lines = new Map(
      (await db`select request_id, approved::int, picked::int, received::int from stock_request_lines where request_id in ${db(ids)}`).map((r) => [r.request_id, r]),
    );
    for (const life of byTable.request) {
      const row = rows.get(life.requestId);
      if (!row) {
        fail(`request ${life.requestId}: acknowledged but not there`);
        continue;
      }
      if (order.indexOf(row.status) < order.indexOf(life.reached)) fail(`request ${life.requestId}: ${row.status}, but "${life.reached}" was acknowledged`);
      const line = lines.get(life.requestId);
      if (life.reached === "received") {
        if (row.status !== "closed") fail(`request ${life.requestId}: everything received, yet ${row.status}`);
        if (line?.approved !== life.quantity || line?.picked !== life.quantity || line?.received !== life.quantity) {
          fail(`request ${life.requestId}: approved ${line?.approved}, picked ${line?.picked}, received ${line?.received}; ${life.quantity} sent at each step`);
        }
        const [moved] = await db`select coalesce(sum(quantity) filter (where quantity > 0), 0)::int as arrived, coalesce(-sum(quantity) filter (where quantity < 0), 0)::int as left
                                 from stock_entries where shipment_id = ${row.shipment_id}`;
        if (moved.arrived !== life.quantity || moved.left !== life.quantity) fail(`request ${life.requestId}: shipment ${row.shipment_id} moved ${moved.left} out and ${moved.arrived} in, ${life.quantity} picked`);
      }
    }
  }

  // The audit log matches the writes: one "create" per new ledger row, none for a write that
  // was rolled back. (A given dose's stock issue is audited with the dose.)
  const audits = [
    ["population_entry", db`select id::text as id from population_entries where id > ${baseline.population}`],
    ["stock_operation", db`select id::text as id from stock_operations o where id > ${baseline.stock} and not exists (select 1 from vaccine_doses d where d.stock_operation_id = o.id)`],
    ["vaccine_dose", db`select id::text as id from vaccine_doses where id > ${baseline.dose}`],
  ];
  for (const [entity, rowsQuery] of audits) {
    const rows = new Set((await rowsQuery).map((r) => r.id));
    const logged = await db`select entity_id, count(*)::int as n from audit_log where id > ${baseline.audit} and action = 'create' and entity = ${entity} group by entity_id`;
    const loggedIds = new Map(logged.map((r) => [r.entity_id, r.n]));
    const missing = [...rows].filter((id) => !loggedIds.has(id));
    const twice = logged.filter((r) => r.n > 1).map((r) => r.entity_id);
    const orphans = [...loggedIds.keys()].filter((id) => !rows.has(id));
    if (missing.length) fail(`${missing.length} new ${entity} rows without an audit entry (ids ${missing.slice(0, 5).join(", ")})`);
    if (twice.length) fail(`${entity} audited more than once: ${twice.slice(0, 5).join(", ")}`);
    if (orphans.length) fail(`${orphans.length} audit entries for ${entity} rows that do not exist (ids ${orphans.slice(0, 5).join(", ")})`);
  }

  // And every invariant the app itself knows.
  const verify = await cli(["verify"]);
  const lastLine = verify.stdout.trim().split("\n").at(-1) ?? "";
  if (verify.status !== 0) {
    fail(`npm run albergue -- verify failed (exit ${verify.status}): ${verify.stdout.split("\n").filter((l) => l.startsWith("FAIL")).join("; ") || verify.stderr.slice(-400)}`);
  }
  return { failures, verify: lastLine };
}

// ---------------------------------------------------------------------------------------
// The run

async function main() {
  say(`soak: ${DURATION_S} s, ${CLIENTS} clients, faults ${FAULTS ? "on" : "off"}; database ${DB_NAME}; logs in ${logDir}`);
  if (FAULTS) postgresCluster();
  await admin.unsafe(`create database "${DB_NAME}"`);
  if (!existsSync("build/index.js")) {
    say("building (build/ is missing)");
    execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  }
  for (const command of [["migrate"], ["seed-demo"]]) {
    const result = await cli(command);
    if (result.status !== 0) throw new Error(`albergue ${command[0]} failed: ${result.stderr.slice(-800)}`);
    say(result.stdout.trim().split("\n").at(-1));
  }
  const created = await cli(["create-token", "--name", "Soak registry", "--facilities", [...API_FACILITIES].join(",")]);
  if (created.status !== 0) throw new Error(`create-token failed: ${created.stderr.slice(-400)}`);
  const token = created.stdout.trim().split("\n").at(-1);
  db = postgres(DB_URL, { max: 4, onnotice: () => {} });
  const [{ id: tokenId }] = await db`select max(id) as id from api_tokens`;

  const ports = options.ports ? options.ports.split(",").map(Number) : [await freePort(), await freePort()];
  for (const port of ports.slice(0, 2)) servers.push({ port, origin: `http://127.0.0.1:${port}` });
  for (const server of servers) startServer(server);
  await Promise.all(servers.map((server) => waitReady(server)));
  say(`app servers ready on ports ${servers.map((s) => s.port).join(" and ")}`);

  // Sessions: every demo role, a few sessions each, on both servers (the sessions are in the database).
  const sessionsFor = async (email, n) => Promise.all(Array.from({ length: n }, (_, i) => login(servers[i % 2], email)));
  const [managers, healths, admins, planners, warehouses] = await Promise.all([
    sessionsFor("manager@albergue.demo", 4),
    sessionsFor("health@albergue.demo", 2),
    sessionsFor("admin@albergue.demo", 2),
    sessionsFor("planner@albergue.demo", 2),
    sessionsFor("warehouse@albergue.demo", 2),
  ]);

  // Cases to vaccinate, registered through the form.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Panama" }).format(new Date(Date.now() - 86_400_000));
  const cases = [];
  for (let i = 0; i < 6; i += 1) {
    const answer = await attempt(servers[i % 2], "case registered (form)", {
      path: "/facilities/SVC/care/new",
      session: healths[0],
      form: { idempotencyKey: key("case"), intent: "confirm", name: `Soak child ${i}`, sex: pick(["female", "male"]), birthMode: "estimated", ageYears: "1", ageMonths: String(i), nationality: "VE", arrivalDate: today },
    });
    const location = answer.headers?.get("location");
    if (!isRedirect(answer.status) || !location) throw new Error(`registering a case failed: ${answer.status} ${answer.text?.slice(0, 200)}`);
    cases.push(new URL(location, "http://x").pathname.split("/").at(-1));
  }
  const items = (
    await db`select distinct i.code, i.lot_tracked, i.expires from items i join stock_balances b on b.item_id = i.id
             join facilities f on f.id = b.facility_id where i.active and i.category <> 'vaccine' and f.code in ${db(STATIONS)} and b.quantity > 0 order by i.code limit 6`
  ).map((r) => ({ code: r.code, lotTracked: r.lot_tracked, expires: r.expires }));
  if (items.length === 0) throw new Error("the demo seed has no stock at the stations");
  const expiry = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  // What the stations request from the warehouse: items ALM holds plenty of, usable.
  const requestItems = (
    await db`select i.id, i.code from items i join stock_balances b on b.item_id = i.id join facilities f on f.id = b.facility_id join lots l on l.id = b.lot_id
             where f.code = 'ALM' and i.active and i.category <> 'vaccine' and not b.quarantined and b.quantity >= 1000 and (l.expiry is null or l.expiry > current_date + 30)
             group by i.id, i.code order by i.code limit 4`
  ).map((r) => ({ id: r.id, code: r.code }));
  if (requestItems.length === 0) say("the demo seed has no usable stock at ALM: no request life cycles this run");
  const neededBy = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

  const [baseline] = await db`select
      (select coalesce(max(id), 0) from population_entries)::bigint as population,
      (select coalesce(max(id), 0) from stock_operations)::bigint as stock,
      (select coalesce(max(id), 0) from vaccine_doses)::bigint as dose,
      (select coalesce(max(id), 0) from audit_log)::bigint as audit`;
  const firstServerPid = servers[0].child.pid;

  const endAt = Date.now() + DURATION_S * 1000;
  const clients = Array.from({ length: CLIENTS }, (_, i) => ({
    server: i % 2,
    manager: managers[i % managers.length],
    health: healths[i % healths.length],
    admin: admins[i % admins.length],
    planner: planners[i % planners.length],
    warehouse: warehouses[i % warehouses.length],
    requestItems,
    neededBy,
    sessions: [managers[i % managers.length], healths[i % healths.length], admins[i % admins.length]],
    token,
    tokenId,
    cases,
    items,
    expiry,
    offline: false,
    outbox: [],
  }));
  // One client in eight is a device that loses its link once, for a tenth to a fifth of the
  // run, starting in its first two thirds.
  const offlineClients = Math.max(1, Math.round(CLIENTS / 8));
  const linkDrops = new Map(
    clients.slice(-offlineClients).map((client) => {
      const from = Date.now() + between(5, 66) * DURATION_S * 10;
      return [client, { from, to: Math.min(endAt - 5000, from + between(10, 20) * DURATION_S * 10) }];
    }),
  );
  say(`${CLIENTS} clients start (${items.length} items, ${cases.length} cases)`);
  const running = clients.map(async (client) => {
    const drop = linkDrops.get(client);
    // Actions begun offline wait for their replay; the device goes on entering meanwhile.
    const waiting = [];
    while (Date.now() < endAt) {
      if (drop && !client.offline && !drop.done && Date.now() >= drop.from) {
        client.offline = true;
        stats.offline.periods += 1;
      }
      if (client.offline && Date.now() >= drop.to) {
        drop.done = true;
        await replayOutbox(client);
        await Promise.all(waiting.splice(0));
      }
      const name = client.offline ? pick(offlineActions) : nextAction();
      const run = actions[name](client).catch((error) => problem(`${name}: the client failed: ${error?.stack ?? error}`));
      if (client.offline) waiting.push(run);
      else await run;
      await sleep(between(50, 300));
    }
    if (client.offline) {
      await replayOutbox(client);
      await Promise.all(waiting);
    }
  });

  running.push(hostileClient(clients[0], endAt), healthzProber(endAt));

  let faultRun = Promise.resolve();
  if (FAULTS) {
    faultRun = (async () => {
      await sleep(DURATION_S * 300);
      await killAndRestart(servers[1]);
      const waitUntil = endAt - DURATION_S * 400;
      await sleep(Math.max(2000, waitUntil - Date.now()));
      await restartPostgres(admins[0], token);
    })().catch((error) => problem(`fault injection failed: ${error?.stack ?? error}`));
  }
  await Promise.all([...running, faultRun]);
  say("clients done; checking");

  if (servers[0].child.pid !== firstServerPid || servers[0].exited) problem("the app server that was not killed did not stay up");
  const planDelay = await waitForCurrentPlan();
  const { failures, verify } = await checkResults(baseline);

  // The summary.
  const latencies = stats.latencies.sort((a, b) => a - b);
  const p = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(0) : "-");
  const kinds = [...new Set([...stats.requests.keys()])].sort();
  console.log("\nsoak summary");
  console.log(`  ${"kind".padEnd(28)} ${"requests".padStart(8)} ${"acked".padStart(7)} ${"refused".padStart(8)}`);
  for (const kind of kinds) {
    console.log(`  ${kind.padEnd(28)} ${String(stats.requests.get(kind) ?? 0).padStart(8)} ${String(stats.acknowledged.get(kind) ?? 0).padStart(7)} ${String(stats.refused.get(kind) ?? 0).padStart(8)}`);
  }
  const totalRequests = [...stats.requests.values()].reduce((a, b) => a + b, 0);
  console.log(`  requests ${totalRequests}; acknowledged writes ${acked.length}; resent with the same key ${stats.resends}; retries ${stats.retries}; 503s ${stats.unavailable}; connection errors ${stats.networkErrors}; given up ${stats.gaveUp}`);
  console.log(`  latency p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms`);
  console.log(`  forms that asked "another group?" and were confirmed: ${stats.twinQuestions}`);
  const off = stats.offline;
  console.log(
    `  devices offline ${off.periods}: ${off.kept} entries kept on the device (${off.reachedServer} had reached the server before the link dropped); replayed ${off.replayed}: acknowledged ${off.replayAcked}, refused ${off.replayRefused}`,
  );
  console.log(`  hostile requests: ${[...stats.hostile].map(([name, byStatus]) => `${name} ${[...byStatus].map(([st, n]) => `${n}×${st}`).join("/")}`).join("; ")}`);
  console.log(`  /healthz probes ${stats.healthz.probes}, slowest ${Math.round(stats.healthz.maxMs)} ms, unanswered within 5 s ${stats.healthz.slow}`);
  for (const fault of faults) console.log(`  fault: ${fault}`);
  console.log(`  stored plan current ${planDelay === null ? "NEVER (waited 60 s)" : `${(planDelay / 1000).toFixed(1)} s`} after the last write; plan recomputes ${await planJobs()}`);
  console.log(`  verify: ${verify}`);

  const all = [...problems, ...failures];
  if (acked.length === 0) all.push("no write was acknowledged");
  if (FAULTS && faults.length < 2) all.push("the faults were not all injected");
  if (stats.offline.periods === 0 || stats.offline.kept === 0) all.push("no device went offline and kept an entry");
  if (stats.offline.replayed !== stats.offline.kept) all.push(`${stats.offline.kept - stats.offline.replayed} entries kept on a device were never replayed`);
  if (all.length) {
    console.error(`\nSOAK FAILED: ${all.length} problem(s)`);
    for (const line of all.slice(0, 50)) console.error(`  - ${line}`);
    console.error(`server logs: ${logDir}`);
    return 1;
  }
  console.log(`\nSOAK PASSED: ${acked.length} acknowledged writes all present once, balances equal their entries, audit matches, verify passed.`);
  return 0;
}

let status = 1;
try {
  status = await main();
} catch (error) {
  console.error(`\nSOAK FAILED: ${error?.stack ?? error}`);
  for (const server of servers) {
    const file = path.join(logDir, `server-${server.port}.log`);
    if (existsSync(file)) console.error(`--- last lines of ${file}\n${readFileSync(file, "utf8").split("\n").slice(-15).join("\n")}`);
  }
} finally {
  await cleanup();
}
process.exit(status);
