import { count, eq } from "drizzle-orm";
import { auditLog, loginFailures, sessions } from "#db/schema";
import { MAX_FAILURES_PER_ACCOUNT } from "~/lib/login-throttle";
import { action, loader } from "~/routes/login";
import { setupTestDatabase } from "../support/db";
import { createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, cookiePair, formRequest, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();

interface Reply {
  status?: string;
  error?: Record<string, string[] | null> | null;
  initialValue?: Record<string, unknown> | null;
}

async function rowCounts() {
  const [failures] = await testDb.db.select({ n: count() }).from(loginFailures);
  const [live] = await testDb.db.select({ n: count() }).from(sessions);
  const [audit] = await testDb.db.select({ n: count() }).from(auditLog);
  return { failures: failures?.n, sessions: live?.n, audit: audit?.n };
}

function login(fields: Record<string, string>, clientAddress = "127.0.0.1") {
  return action({ request: formRequest("/login", fields), context: requestContext(clientAddress), params: {} });
}

describe("the login action", () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(testDb.db, { role: "manager", email: "marta@example.org" });
  });

  it("answers 400 with the field's message for a malformed email, and writes nothing", async () => {
    const before = await rowCounts();
    const result = asDataResult(await login({ email: "marta@", password: user.password }));
    expect(result.status).toBe(400);
    const reply = result.data as Reply;
    expect(reply.error?.email).toEqual(["validation.email"]);
    // What was typed comes back for the form, except the password.
    expect(reply.initialValue?.email).toBe("marta@");
    expect(reply.initialValue).not.toHaveProperty("password");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 400 when the password is missing", async () => {
    const result = asDataResult(await login({ email: user.email, password: "" }));
    expect(result.status).toBe(400);
    expect((result.data as Reply).error?.password).toEqual(["validation.required"]);
  });

  it("answers 401 for a wrong password, records the failure and starts no session", async () => {
    const before = await rowCounts();
    const result = asDataResult(await login({ email: user.email, password: "not the password" }, "10.1.0.1"));
    expect(result.status).toBe(401);
    expect(result.headers.get("Set-Cookie")).toBeNull();
    const reply = result.data as Reply;
    expect(reply.error?.[""]).toEqual(["login.invalid"]);
    expect(reply.initialValue).not.toHaveProperty("password");
    expect(await rowCounts()).toEqual({ ...before, failures: (before.failures ?? 0) + 2 });
  });

  it("signs in: a new session cookie, a redirect to the page asked for, and an audit entry", async () => {
    const response = asResponse(
      await login({ email: "MARTA@example.org", password: user.password, redirectTo: "/facilities/SVC" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/facilities/SVC");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^albergue_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    const entries = await testDb.db.select().from(auditLog).where(eq(auditLog.userId, user.id));
    expect(entries.map((e) => [e.action, e.entity])).toEqual([["login", "session"]]);

    // The cookie signs the next request in: the login page sends the user home.
    const next = new Request("http://localhost/login", { headers: { Cookie: cookiePair(setCookie) } });
    const redirect = asResponse(await thrownBy(loader({ request: next, context: requestContext(), params: {} })));
    expect(redirect.headers.get("Location")).toBe("/");
  });

  it.each(["//evil.com", "https://evil.com/", "/\\evil.com", "/\t/evil.com"])(
    "never redirects off the site, whatever redirectTo says (%j)",
    async (redirectTo) => {
      const response = asResponse(await login({ email: user.email, password: user.password, redirectTo }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/");
    },
  );

  it("replaces a session it was given, so a planted session id is worthless", async () => {
    const planted = await signedInRequest(user.id, "/login");
    const cookie = planted.headers.get("Cookie") ?? "";
    const response = asResponse(
      await action({
        request: formRequest("/login", { email: user.email, password: user.password }, { Cookie: cookie }),
        context: requestContext(),
        params: {},
      }),
    );
    const fresh = cookiePair(response.headers.get("Set-Cookie") ?? "");
    expect(fresh).not.toBe(cookie);
    // The old cookie no longer signs anyone in: the login page shows its form instead of redirecting.
    const old = new Request("http://localhost/login", { headers: { Cookie: cookie } });
    await expect(loader({ request: old, context: requestContext(), params: {} })).resolves.toEqual({ demo: null });
    // The new one does.
    const renewed = new Request("http://localhost/login", { headers: { Cookie: fresh } });
    expect(asResponse(await thrownBy(loader({ request: renewed, context: requestContext(), params: {} }))).status).toBe(302);
  });

  it("answers 429 with the minutes to wait once the account is locked", async () => {
    const locked = await createUser(testDb.db, { role: "planner" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      await login({ email: locked.email, password: `wrong ${i} wrong` }, "10.1.1.1");
    }
    const result = asDataResult(await login({ email: locked.email, password: locked.password }, "10.1.1.1"));
    expect(result.status).toBe(429);
    expect((result.data as Reply).error?.[""]).toEqual(["login.throttled?minutes=15"]);
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, locked.id))).toEqual([]);
  });
});
