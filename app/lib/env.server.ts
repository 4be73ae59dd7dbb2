import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ALBERGUE_DATA_DIR: z.string().default(".data"),
  ALBERGUE_DEMO: flag,
  SESSION_SECRET: z.string().optional(),
  TRUST_PROXY: flag,
  // The deployment's calendar: days in reports, roll-ups and date filters start at midnight here.
  ALBERGUE_TIME_ZONE: z
    .string()
    .default("America/Panama")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "not a known IANA time zone"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Alerts that reach people (decision 026, docs/alerts.md). smtp://user:pass@host:587 or
  // smtps://…:465; without it e-mail deliveries are recorded as failed with the reason.
  ALBERGUE_SMTP_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  ALBERGUE_MAIL_FROM: z.string().default("Albergue <alertas@localhost>"),
  // The address people open the app at, for the links in messages.
  ALBERGUE_PUBLIC_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  // Signs webhooks whose subscription has no secret of its own (HMAC-SHA256).
  ALBERGUE_WEBHOOK_SECRET: z.string().min(32, "at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  // Comma-separated host names webhooks may go to; empty allows any.
  ALBERGUE_WEBHOOK_HOSTS: z.string().default(""),
  // "0" on an app server that should not compute plans (decision 018); another server must.
  ALBERGUE_PLAN_WORKER: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((v) => v !== "0" && v !== "false"),
});

export type Env = z.infer<typeof envSchema> & { sessionSecret: string; pgliteDir: string };

let cached: Env | undefined;

/** The validated environment. Throws with a message an operator can act on. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${details}`);
  }
  const dataDir = path.resolve(parsed.data.ALBERGUE_DATA_DIR);
  cached = {
    ...parsed.data,
    ALBERGUE_DATA_DIR: dataDir,
    pgliteDir: path.join(dataDir, "db"),
    sessionSecret: resolveSessionSecret(parsed.data.NODE_ENV, parsed.data.ALBERGUE_DEMO, parsed.data.SESSION_SECRET, dataDir),
  };
  return cached;
}

function resolveSessionSecret(nodeEnv: string, demo: boolean, given: string | undefined, dataDir: string): string {
  if (given && given.length >= 32) return given;
  if (given) throw new Error("SESSION_SECRET must be at least 32 characters long.");
  // A demo (ALBERGUE_DEMO=1) runs the production build on a laptop with throwaway data; it
  // may keep a generated secret. A real deployment never sets ALBERGUE_DEMO.
  if (nodeEnv === "production" && !demo) {
    throw new Error(
      "SESSION_SECRET is required in production: set it to a random string of at least 32 characters " +
        "(for example the output of `openssl rand -hex 32`).",
    );
  }
  // Development, tests and demos keep a generated secret beside the embedded database so that
  // sessions survive restarts without anyone having to configure one.
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** For tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
