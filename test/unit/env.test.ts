import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { env, resetEnvCache } from "~/lib/env.server";

const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>) {
  process.env = { ...saved, ...vars };
  for (const [key, value] of Object.entries(vars)) if (value === undefined) delete process.env[key];
  resetEnvCache();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("the environment", () => {
  it("refuses to start in production without SESSION_SECRET, saying what to set", () => {
    withEnv({ NODE_ENV: "production", SESSION_SECRET: undefined, ALBERGUE_DEMO: undefined });
    expect(() => env()).toThrow(/SESSION_SECRET is required in production/);
  });

  it("refuses a secret shorter than 32 characters", () => {
    withEnv({ NODE_ENV: "production", SESSION_SECRET: "too-short" });
    expect(() => env()).toThrow(/at least 32 characters/);
  });

  it("keeps a generated secret in the data folder in development, the same on every start", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "albergue-env-"));
    withEnv({ NODE_ENV: "development", SESSION_SECRET: undefined, ALBERGUE_DATA_DIR: dir });
    const first = env().sessionSecret;
    expect(first).toHaveLength(64);
    expect(readFileSync(path.join(dir, "session-secret"), "utf8")).toBe(first);
    resetEnvCache();
    expect(env().sessionSecret).toBe(first);
    expect(env().pgliteDir).toBe(path.join(dir, "db"));
  });

  it("lets a production build run as a demo with a generated secret", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "albergue-env-"));
    withEnv({ NODE_ENV: "production", SESSION_SECRET: undefined, ALBERGUE_DEMO: "1", ALBERGUE_DATA_DIR: dir });
    expect(env().ALBERGUE_DEMO).toBe(true);
  });

  it("refuses an unknown time zone and a malformed database URL", () => {
    withEnv({ ALBERGUE_TIME_ZONE: "Mars/Olympus" });
    expect(() => env()).toThrow(/ALBERGUE_TIME_ZONE/);
    withEnv({ DATABASE_URL: "not a url" });
    expect(() => env()).toThrow(/DATABASE_URL/);
  });
});
