import { countRecentFailures, recordFailure } from "#db/login-failures.server";
import { attemptLogin } from "~/lib/auth.server";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_MS,
} from "~/lib/login-throttle";
import { setupTestDatabase } from "../support/db";
import { createUser } from "../support/fixtures";

const testDb = setupTestDatabase();

// Each test signs in from its own address, so that one test's failures do not count in another.
describe("attemptLogin", () => {
  it("signs in with the right password, whatever the case of the email", async () => {
    const user = await createUser(testDb.db, { role: "planner", email: "pedro@example.org" });
    await expect(attemptLogin("  Pedro@Example.ORG ", user.password, "10.0.0.1")).resolves.toEqual({
      ok: true,
      userId: user.id,
    });
  });

  it("answers 'invalid' alike for a wrong password, an unknown account and a deactivated one", async () => {
    const user = await createUser(testDb.db, { role: "planner" });
    const inactive = await createUser(testDb.db, { role: "planner", active: false });
    await expect(attemptLogin(user.email, "wrong password!", "10.0.0.2")).resolves.toEqual({
      ok: false,
      reason: "invalid",
    });
    await expect(attemptLogin("nobody@example.org", user.password, "10.0.0.2")).resolves.toEqual({
      ok: false,
      reason: "invalid",
    });
    await expect(attemptLogin(inactive.email, inactive.password, "10.0.0.2")).resolves.toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("locks an account after 5 wrong passwords, even against the right one", async () => {
    const user = await createUser(testDb.db, { role: "manager" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      await expect(attemptLogin(user.email, `guess number ${i}`, "10.0.1.1")).resolves.toMatchObject({
        reason: "invalid",
      });
    }
    // The whole window is left: the oldest failure happened moments ago.
    await expect(attemptLogin(user.email, user.password, "10.0.1.1")).resolves.toEqual({
      ok: false,
      reason: "throttled",
      retryMinutes: 15,
    });
    // From another address too: the limit is on the account.
    await expect(attemptLogin(user.email.toUpperCase(), user.password, "10.0.1.2")).resolves.toMatchObject({
      reason: "throttled",
    });
  });

  it("lets the account in again once its failures have left the window", async () => {
    const user = await createUser(testDb.db, { role: "manager" });
    const now = Date.now();
    // Five failures 16 minutes ago and one 5 minutes ago: only one is in the window.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      await recordFailure(testDb.db, "account", user.email, new Date(now - THROTTLE_WINDOW_MS - 60_000));
    }
    await recordFailure(testDb.db, "account", user.email, new Date(now - 5 * 60_000));
    await expect(attemptLogin(user.email, user.password, "10.0.2.1")).resolves.toEqual({ ok: true, userId: user.id });
  });

  it("tells a locked-out user when to retry, from the oldest failure in the window", async () => {
    const user = await createUser(testDb.db, { role: "manager" });
    const now = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      // 10 minutes ago (the oldest), then more recent ones.
      await recordFailure(testDb.db, "account", user.email, new Date(now - (10 - i) * 60_000));
    }
    // The oldest failure leaves the 15-minute window in 5 minutes (a few milliseconds less).
    await expect(attemptLogin(user.email, user.password, "10.0.3.1")).resolves.toEqual({
      ok: false,
      reason: "throttled",
      retryMinutes: 5,
    });
  });

  it("counts failures per address across different accounts", async () => {
    const address = "192.0.2.50";
    const victim = await createUser(testDb.db, { role: "admin" });
    // Password spraying: one guess at each of many accounts, never 5 at any one of them.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i += 1) {
      await expect(attemptLogin(`user${i}@example.org`, "Spring2024!!", address)).resolves.toMatchObject({
        reason: "invalid",
      });
    }
    expect(await countRecentFailures(testDb.db, "address", address, new Date(Date.now() - THROTTLE_WINDOW_MS))).toBe(
      MAX_FAILURES_PER_ADDRESS,
    );
    // The next attempt from that address is refused, even for an account it never tried...
    await expect(attemptLogin(victim.email, victim.password, address)).resolves.toMatchObject({
      ok: false,
      reason: "throttled",
    });
    // ...while the same account signs in from elsewhere.
    await expect(attemptLogin(victim.email, victim.password, "192.0.2.51")).resolves.toEqual({
      ok: true,
      userId: victim.id,
    });
  });

  it("clears the account's failures after a successful login", async () => {
    const user = await createUser(testDb.db, { role: "health_worker" });
    const address = "10.0.4.1";
    const since = () => new Date(Date.now() - THROTTLE_WINDOW_MS);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i += 1) await attemptLogin(user.email, "typo typo typo", address);
    expect(await countRecentFailures(testDb.db, "account", user.email, since())).toBe(MAX_FAILURES_PER_ACCOUNT - 1);

    await expect(attemptLogin(user.email, user.password, address)).resolves.toMatchObject({ ok: true });
    expect(await countRecentFailures(testDb.db, "account", user.email, since())).toBe(0);

    // Four more mistakes do not lock the account: the earlier four were forgiven.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i += 1) await attemptLogin(user.email, "typo typo typo", address);
    await expect(attemptLogin(user.email, user.password, address)).resolves.toMatchObject({ ok: true });
  });

  it("lets no more than the limit of guesses sent all at once reach the password check", async () => {
    const user = await createUser(testDb.db, { role: "planner" });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => attemptLogin(user.email, "wrong password!", "10.0.0.9")),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(20 - MAX_FAILURES_PER_ACCOUNT);
    await expect(attemptLogin(user.email, user.password, "10.0.0.9")).resolves.toMatchObject({ ok: false, reason: "throttled" });
  });
});

