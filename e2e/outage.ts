import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";

// The database outage drill (app/lib/outage-drill.server.ts): e2e/serve.mjs starts the server
// with it and writes the server's pid where this finds it; each SIGUSR2 flips the server's
// database between unreachable and back. Each step waits until /readyz says so.

const pidFile = path.join(os.tmpdir(), `albergue-e2e-${process.env.E2E_PORT ?? "3100"}.pid`);

async function signalServer() {
  process.kill(Number(await readFile(pidFile, "utf8")), "SIGUSR2");
}

async function readyStatus(request: APIRequestContext) {
  return (await request.get("/readyz", { failOnStatusCode: false })).status();
}

/** Stops the server's database (as far as the app can tell: every query is refused). */
export async function stopDatabase(request: APIRequestContext) {
  expect(await readyStatus(request)).toBe(200);
  await signalServer();
  await expect.poll(() => readyStatus(request)).toBe(503);
}

/** Brings it back. */
export async function startDatabase(request: APIRequestContext) {
  expect(await readyStatus(request)).toBe(503);
  await signalServer();
  await expect.poll(() => readyStatus(request)).toBe(200);
}
