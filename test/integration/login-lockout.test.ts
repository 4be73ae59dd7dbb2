import { and, eq } from "drizzle-orm";
import { recordFailure } from "#db/login-failures.server";
import { auditLog, sessions } from "#db/schema";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_DEVICE } from "~/lib/login-throttle";
import { action as loginAction } from "~/routes/login";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { setupTestDatabase } from "../support/db";
import { createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, formRequest, requestContext, signedInRequest } from "../support/remix";

const testDb = setupTestDatabase();

/** The Cookie header a browser sends back after these Set-Cookie headers (name=value pairs). */
function cookieJar(response: Response, previous = ""): string {
  const jar = new Map(previous ? previous.split("; ").map((pair) => pair.split("=", 2) as [string, string]) : []);
  for (const setCookie of response.headers.getSetCookie()) {
    const [name, value] = setCookie.split(";", 1)[0]!.split(/=(.*)/s, 2) as [string, string];
    jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

function login(email: string, password: string, clientAddress: string, cookie = "") {
  return loginAction({
    request: formRequest("/login", { email, password }, cookie ? { Cookie: cookie } : undefined),
    context: requestContext(clientAddress),
    params: {},
  });
}

async function statusOf(pending: Promise<unknown>): Promise<number> {
  const value = await pending;
  return value instanceof Response ? value.status : asDataResult(value).status;
}

/** The owner signs in once from their own browser and keeps its cookies (session and device). */
async function ownerBrowser(owner: TestUser, address: string): Promise<string> {
  const response = asResponse(await login(owner.email, owner.password, address));
  expect(response.status).toBe(302);
  expect(response.headers.getSetCookie().some((c) => /^albergue_device=.*HttpOnly/i.test(c))).toBe(true);
  // Only the device cookie: a fresh login from this browser, not a live session.
  return cookieJar(response).split("; ").filter((pair) => pair.startsWith("albergue_device=")).join("; ");
}

async function attackerLocksOut(owner: TestUser, address: string) {
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
    expect(await statusOf(login(owner.email, `attacker guess ${i}`, address))).toBe(401);
  }
}

describe("an attacker's wrong passwords and the owner's login (finding 6)", () => {
  it("lock out an untrusted client, even with the right password (the account-wide lock)", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    await attackerLocksOut(owner, "203.0.113.10");
    // The owner on a browser the app does not know: same lock as before the fix.
    const result = asDataResult(await login(owner.email, owner.password, "198.51.100.20"));
    expect(result.status).toBe(429);
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, owner.id))).toEqual([]);
  });

  it("do not lock out the owner on a browser where they signed in before", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    const device = await ownerBrowser(owner, "198.51.100.21");
    await attackerLocksOut(owner, "203.0.113.11");
    // An unknown browser is still refused...
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.21"))).toBe(429);
    // ...the owner's own is let in, and gets a fresh device cookie.
    const response = asResponse(await login(owner.email, owner.password, "198.51.100.21", device));
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().find((c) => c.startsWith("albergue_device="))).not.toContain(device);
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, owner.id))).toHaveLength(2);
    // The owner's success does not forgive the attacker: untrusted clients stay locked.
    expect(await statusOf(login(owner.email, owner.password, "203.0.113.11"))).toBe(429);
  });

  it("let the owner in even from the attacker's address (a shared network), once it is locked", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    const device = await ownerBrowser(owner, "192.0.2.77");
    // Password spraying from the station's one public address fills its limit.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i += 1) await recordFailure(testDb.db, "address", "192.0.2.77", new Date());
    expect(await statusOf(login(owner.email, owner.password, "192.0.2.77"))).toBe(429);
    expect(await statusOf(login(owner.email, owner.password, "192.0.2.77", device))).toBe(302);
  });

  it("refuse a device cookie with a bad signature or made for another account", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    const other = await createUser(testDb.db, { role: "planner" });
    const othersDevice = await ownerBrowser(other, "198.51.100.30");
    const device = await ownerBrowser(owner, "198.51.100.31");
    await attackerLocksOut(owner, "203.0.113.12");
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.32", othersDevice))).toBe(429);
    const [name, value] = device.split(/=(.*)/s, 2) as [string, string];
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith("AA") ? "BB" : "AA"}`;
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.32", tampered))).toBe(429);
  });

  it("limit guesses from a known browser per device, without locking the account for others", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    const device = await ownerBrowser(owner, "198.51.100.40");
    for (let i = 0; i < MAX_FAILURES_PER_DEVICE; i += 1) {
      expect(await statusOf(login(owner.email, `typo ${i} typo`, "198.51.100.40", device))).toBe(401);
    }
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.40", device))).toBe(429);
    // The device's failures do not count against the account: another browser signs in.
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.41"))).toBe(302);
  });

  it("remember a few accounts per shared browser", async () => {
    const first = await createUser(testDb.db, { role: "health_worker" });
    const second = await createUser(testDb.db, { role: "health_worker" });
    const one = asResponse(await login(first.email, first.password, "198.51.100.50"));
    const both = cookieJar(asResponse(await login(second.email, second.password, "198.51.100.50", cookieJar(one))));
    await attackerLocksOut(first, "203.0.113.13");
    await attackerLocksOut(second, "203.0.113.13");
    expect(await statusOf(login(first.email, first.password, "198.51.100.50", both))).toBe(302);
    expect(await statusOf(login(second.email, second.password, "198.51.100.50", both))).toBe(302);
  });
});

describe("an administrator's unlock", () => {
  let admin: TestUser;
  beforeAll(async () => {
    admin = await createUser(testDb.db, { role: "admin" });
  });

  async function userPage(id: number) {
    const request = await signedInRequest(admin.id, `/admin/users/${id}`);
    return userLoader({ request, context: requestContext(), params: { id: String(id) } });
  }

  it("shows the lock on the user's page, lifts it and records who did it", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    await attackerLocksOut(owner, "203.0.113.20");
    const page = await userPage(owner.id);
    expect(page.lockedUntil).not.toBeNull();
    expect(new Date(page.lockedUntil!).getTime()).toBeGreaterThan(Date.now());

    const request = await signedInRequest(admin.id, `/admin/users/${owner.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "unlock" }),
    });
    const response = asResponse(await userAction({ request, context: requestContext(), params: { id: String(owner.id) } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/users/${owner.id}`);

    expect((await userPage(owner.id)).lockedUntil).toBeNull();
    const entries = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "unlock"), eq(auditLog.entityId, String(owner.id))));
    expect(entries.map((e) => [e.userId, e.entity])).toEqual([[admin.id, "user"]]);
    // The owner signs in from any browser again.
    expect(await statusOf(login(owner.email, owner.password, "198.51.100.60"))).toBe(302);
  });

  it("shows no lock for fewer failures than the limit, or for failures that left the window", async () => {
    const user = await createUser(testDb.db, { role: "planner" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i += 1) await recordFailure(testDb.db, "account", user.email, new Date());
    await recordFailure(testDb.db, "account", user.email, new Date(Date.now() - 20 * 60_000));
    expect((await userPage(user.id)).lockedUntil).toBeNull();
  });

  it("is for administrators only, and changes nothing otherwise", async () => {
    const owner = await createUser(testDb.db, { role: "manager" });
    const planner = await createUser(testDb.db, { role: "planner" });
    await attackerLocksOut(owner, "203.0.113.21");
    const request = await signedInRequest(planner.id, `/admin/users/${owner.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "unlock" }),
    });
    const thrown = await userAction({ request, context: requestContext(), params: { id: String(owner.id) } }).catch((e: unknown) => e);
    expect(asDataResult(thrown).status).toBe(403);
    expect((await userPage(owner.id)).lockedUntil).not.toBeNull();
  });
});
