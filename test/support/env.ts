// Runs before every test file: an environment in which app/lib/env.server.ts works without
// any configuration and without touching the developer's .data folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "~/lib/env.server";

const dataDir = mkdtempSync(path.join(tmpdir(), "albergue-test-data-"));

process.env.NODE_ENV = "test";
process.env.ALBERGUE_DATA_DIR = dataDir;
process.env.LOG_LEVEL = "error";
// Tests install their own database and use the generated development secret; what the
// shell happens to export must not leak in.
delete process.env.DATABASE_URL;
delete process.env.SESSION_SECRET;
delete process.env.ALBERGUE_DEMO;
resetEnvCache();

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});
