// Which failures are an outage (503, retry) and which are a bug (500, reference). The errors
// below have the shapes the `postgres` driver and drizzle give them (codes as seen in the soak
// test's PostgreSQL restarts); the real connections are in test/integration/outage.test.ts.
import { describeOutage, isDatabaseUnavailable } from "~/lib/outage.server";

function driverError(code: string, message = code) {
  return Object.assign(new Error(message), { code });
}

function drizzleWrapped(cause: unknown) {
  return new Error("Failed query: select 1\nparams: ", { cause });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P03", "the database system is shutting down"],
    ["57P03", "the database system is starting up"],
    ["08006", "connection failure"],
    ["CONNECTION_CLOSED", "write CONNECTION_CLOSED 127.0.0.1:5432"],
    ["CONNECTION_ENDED", "write CONNECTION_ENDED 127.0.0.1:5432"],
    ["CONNECT_TIMEOUT", "write CONNECT_TIMEOUT 127.0.0.1:5432"],
    ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"],
  ])("calls %s (%s) an outage, bare and wrapped by drizzle", (code, message) => {
    expect(isDatabaseUnavailable(driverError(code, message))).toBe(true);
    expect(isDatabaseUnavailable(drizzleWrapped(driverError(code, message)))).toBe(true);
  });

  it("calls a refused dual-stack connection (AggregateError) an outage", () => {
    const refused = new AggregateError([driverError("ECONNREFUSED"), driverError("ECONNREFUSED")], "");
    expect(isDatabaseUnavailable(drizzleWrapped(refused))).toBe(true);
  });

  it.each([
    ["23505", "duplicate key value violates unique constraint"],
    ["42P01", 'relation "x" does not exist'],
    ["40001", "could not serialize access"],
    ["57014", "canceling statement due to statement timeout"],
  ])("keeps %s (%s) a server error", (code, message) => {
    expect(isDatabaseUnavailable(drizzleWrapped(driverError(code, message)))).toBe(false);
  });

  it("keeps errors without a code, and non-errors, server errors", () => {
    expect(isDatabaseUnavailable(new Error("unexpected outcome"))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("stops on a cause chain that loops", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("describeOutage", () => {
  it("names the codes down the cause chain, without a stack", () => {
    const text = describeOutage(drizzleWrapped(driverError("57P01", "terminating connection due to administrator command")));
    expect(text).toContain("57P01 terminating connection due to administrator command");
    expect(text).not.toMatch(/\n\s+at /);
  });
});
