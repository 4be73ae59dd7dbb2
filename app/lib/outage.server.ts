// What the app does while PostgreSQL is out of reach (a restart, a failover, a network cut):
// answer 503 with Retry-After and a retry message instead of a 500 with a reference, because
// nothing is wrong with the request and the same request will succeed in a few seconds.
// See docs/decisions/011-soak-and-outages.md.

/** Seconds a client should wait before retrying; a PostgreSQL restart takes a few. */
export const RETRY_AFTER_SECONDS = 5;

// SQLSTATE class 08 (connection exception) and the shutdown codes of class 57.
const unavailableSqlStates = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);
// The `postgres` driver's own codes for a connection it lost or could not open.
const unavailableDriverCodes = new Set(["CONNECTION_ENDED", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
// Node's socket errors.
const unavailableSocketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * True when an error (or anything in its `cause` chain: drizzle wraps driver errors in a
 * DrizzleQueryError) says the database could not be reached, rather than that a query failed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (unavailableSqlStates.has(code) || unavailableDriverCodes.has(code) || unavailableSocketCodes.has(code))) {
      return true;
    }
    const message = (current as { message?: unknown }).message;
    // node-postgres-style wording, and AggregateError from a refused dual-stack connect.
    if (typeof message === "string" && /connection terminated|terminating connection due to administrator command/i.test(message)) {
      return true;
    }
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The header of every outage answer (server.js adds it to pages; the API sets it itself). */
export function unavailableHeaders(): Record<string, string> {
  return { "Retry-After": String(RETRY_AFTER_SECONDS) };
}

/** A short description for the log: an outage is expected, its stack trace is noise. */
export function describeOutage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 4; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    parts.push([typeof code === "string" ? code : "", typeof message === "string" ? message : ""].filter(Boolean).join(" "));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.filter(Boolean).join(" <- ");
}
