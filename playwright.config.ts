import { defineConfig, devices } from "@playwright/test";

// Browser tests against the production build (`npm run build` first; `npm run test:e2e` does
// both). e2e/serve.mjs starts `node server.js` on a fresh database with the demo data.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

// Playwright cannot download its browsers here: use the system Chromium
// (scripts/ensure-chromium.mjs installs it).
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

// Tests that change data other tests read (an account's language, a new facility) run only
// after every other test has finished, so the two workers never race on shared data.
// requests.spec.ts raises, picks and receives a request: ALM's and a station's stock move;
// import.spec.ts adds arrivals at LBL.
const writesSharedData = /(language|facility-create|census|stock|care|planning|phone|requests|import)\.spec\.ts$/;
// Tests that compare a census before and after (a headcount, the resubmit journey) would count
// another test's arrivals as their own: they run after every other test (headcount at SVC,
// resubmit at LBL, so not on each other's facility). The stock resubmit journey reads a lot of
// its own at LBL, the issue one hygiene kits there; they run there too, so the stock tests never
// see their stock move mid-count.
const countsEveryone = /((headcount|resubmit)-census|resubmit-(issue-)?stock)\.spec\.ts$/;
// The offline outbox journey records arrivals and departures at LBL and a delivery at SVC with
// the link cut: any census or stock compared meanwhile would count them. It runs last, alone.
const offline = /offline\.spec\.ts$/;
// The fast-entry journey (issue 15) records 40-person groups at SVC with the demo manager (who
// belongs to LBL and SVC only; BCH and LPG have no manager to record there): it runs after the
// offline journey, when nothing else compares SVC's census.
const fastEntry = /fast-entry\.spec\.ts$/;
// scan-camera.spec.ts needs Chromium with a fake camera playing a video it writes first, so it
// launches that browser itself (with these launch options plus the camera flags); it fills a
// receipt form without saving it, so it stays in the "chromium" project.

export default defineConfig({
  testDir: "e2e",
  forbidOnly: true,
  retries: 0,
  workers: 2,
  fullyParallel: false,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: "es-PA",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "chromium", testIgnore: [writesSharedData, offline, fastEntry], use: chromium },
    { name: "chromium-writes", testMatch: writesSharedData, testIgnore: countsEveryone, dependencies: ["chromium"], use: chromium },
    { name: "chromium-headcount", testMatch: countsEveryone, dependencies: ["chromium-writes"], use: chromium },
    // Over a 400 kbps, 400 ms link (e2e/throttle.ts): a first visit takes seconds, so each
    // expectation waits longer for its condition.
    { name: "chromium-offline", testMatch: offline, dependencies: ["chromium-headcount"], use: chromium, expect: { timeout: 30_000 } },
    { name: "chromium-fast-entry", testMatch: fastEntry, dependencies: ["chromium-offline"], use: chromium },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/healthz`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    // SIGTERM lets serve.mjs stop the server and drop its database or remove its folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
