type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Never let these reach a log line, whatever a caller passes in.
const SECRET_FIELDS = /pass(word)?|secret|token|cookie|authorization/i;

function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return order[level ?? "info"] ?? order.info;
}

/** One JSON object per line on stdout, so log collectors can parse every field. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (order[level] < threshold()) return;
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    safe[key] = SECRET_FIELDS.test(key) ? "[redacted]" : value instanceof Error ? serializeError(value) : value;
  }
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe })}\n`);
}

/**
 * drizzle's DrizzleQueryError puts the query's parameters in its message (and so in its stack):
 * a person's name, a document number, a password hash. Only the SQL is kept, with the
 * database's own reason (the cause), which names no value.
 */
function withoutParams(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "\nparams: [redacted]");
}

function serializeError(error: Error): Record<string, unknown> {
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: withoutParams(error.cause.message) } : undefined;
  return { name: error.name, message: withoutParams(error.message), stack: error.stack && withoutParams(error.stack), ...(cause && { cause }) };
}
