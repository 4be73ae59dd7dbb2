import { insertUser } from "#db/users.server";
import { log } from "~/lib/log.server";
import { setupTestDatabase } from "../support/db";
import { rejectionOf } from "../support/fixtures";

/**
 * Secrets and people's data never reach a log line: a query that fails carries its parameters
 * in the error's message and stack (drizzle's DrizzleQueryError), and the request error log
 * (app/entry.server.tsx, app/lib/api.server.ts) writes the error. Fields named like secrets are
 * redacted whatever their value.
 */

const testDb = setupTestDatabase();

async function logged(write: () => void): Promise<string> {
  const original = process.stdout.write.bind(process.stdout);
  let text = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    write();
  } finally {
    process.stdout.write = original;
  }
  return text;
}

describe("the log", () => {
  it("keeps a failed query's SQL and the database's reason, but not its parameters", async () => {
    const error = await rejectionOf(
      insertUser(testDb.db, {
        email: "leak@example.test",
        // PostgreSQL refuses U+0000 in text: the insert fails with every value in the error.
        displayName: "Zoila Quintero\u0000",
        passwordHash: "scrypt$15$8$1$SECRET-SALT$SECRET-HASH",
        role: "manager",
        preferredLanguage: "es",
        active: true,
      }),
    );
    expect(String(error)).toContain("SECRET-HASH");
    const line = await logged(() => log("error", "request failed", { requestId: "r1", path: "/admin/users/new", error: error as Error }));
    expect(line).toContain("Failed query: insert into \\\"users\\\"");
    expect(line).not.toContain("SECRET-HASH");
    expect(line).not.toContain("Zoila");
    expect(line).not.toContain("leak@example.test");
    const parsed = JSON.parse(line) as { error: { message: string; cause?: { message: string } } };
    expect(parsed.error.message).toContain("params: [redacted]");
  });

  it("redacts fields named like secrets, whatever they hold", async () => {
    const line = await logged(() =>
      log("error", "login", { password: "hunter2 hunter2", sessionToken: "abc123", authorization: "Bearer alb_x", cookie: "albergue_session=1", path: "/login" }),
    );
    for (const secret of ["hunter2", "abc123", "alb_x", "albergue_session=1"]) expect(line).not.toContain(secret);
    expect(line).toContain('"path":"/login"');
  });
});
