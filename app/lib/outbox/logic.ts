/**
 * The offline outbox's rules, free of the browser (docs/decisions/019-offline-outbox.md):
 * which failures keep a submission on the device, what a replay's answer means, and the order
 * entries go out in. The IndexedDB store and the sync loop (store.client.ts, sync.client.ts)
 * only apply these.
 */

/** The field forms that queue when the link is down, by the path they post to. */
export const outboxForms = [
  { kind: "arrival", pattern: /^\/facilities\/([^/]+)\/arrivals\/new$/ },
  { kind: "departure", pattern: /^\/facilities\/([^/]+)\/departures\/new$/ },
  { kind: "receipt", pattern: /^\/facilities\/([^/]+)\/stock\/receipts\/new$/ },
  { kind: "issue", pattern: /^\/facilities\/([^/]+)\/stock\/issues\/new$/ },
] as const;

export type OutboxKind = (typeof outboxForms)[number]["kind"];

/** The form a path belongs to, and its facility; null for any other path. */
export function outboxFormOf(pathname: string): { kind: OutboxKind; facility: string } | null {
  for (const form of outboxForms) {
    const match = form.pattern.exec(pathname);
    if (match) return { kind: form.kind, facility: decodeURIComponent(match[1]!) };
  }
  return null;
}

export type OutboxStatus = "pending" | "attention";

export interface OutboxEntry {
  /** Insertion order (IndexedDB's auto-increment key): entries are sent in this order. */
  seq: number;
  kind: OutboxKind;
  facility: string;
  /** The form's path, posted to again on replay. */
  path: string;
  /** The form's fields as typed, the idempotency key among them, in document order. */
  fields: [string, string][];
  /** When the device stored it (ISO 8601, the device's clock). */
  savedAt: string;
  status: OutboxStatus;
  attempts: number;
  lastAttemptAt?: string;
  /** The server's reason for a refusal, in the user's language, as the page showed it. */
  reason?: string[];
  /** Questions the server asked instead of recording (a twin group, an unusual size): the box's field and label. */
  questions?: { field: string; label: string }[];
}

/** The boxes a form shows to confirm an unusual entry (app/components/repeat-confirm.tsx). */
export const confirmFields = ["confirmRepeat", "confirmSize"] as const;

/**
 * The entry once the person answered the server's question: the box ticked, back in line to be
 * sent with the same key (nothing was recorded under it).
 */
export function answered(entry: OutboxEntry, field: string): OutboxEntry {
  const { reason: _reason, questions, ...rest } = entry;
  const remaining = (questions ?? []).filter((q) => q.field !== field);
  const fields = entry.fields.some(([name, value]) => name === field && value === "yes") ? entry.fields : [...entry.fields, [field, "yes"] as [string, string]];
  return remaining.length ? { ...rest, fields, questions: remaining, reason: _reason } : { ...rest, fields, status: "pending" };
}

/** What a replay's answer means for the entry. */
export type ReplayOutcome =
  /** Recorded (or a duplicate of what was already recorded): remove it from the device. */
  | "sent"
  /** The server refused it (validation, not enough people or stock, a question): needs attention. */
  | "refused"
  /** Not an answer about the entry (link down, outage, busy): keep it and try later. */
  | "retry"
  /** The session ended: keep it and stop until the user signs in again. */
  | "signedOut";

/**
 * A replay is a plain form post that follows redirects, so the answer is the final page:
 * a redirect to the sign-in page means the session ended, not that the entry was recorded.
 * `status` is null when the request never got an answer (offline, DNS, reset).
 */
export function classifyReplay(status: number | null, finalPath?: string): ReplayOutcome {
  if (status === null) return "retry";
  if (finalPath === "/login") return "signedOut";
  if (status === 401) return "signedOut";
  if (status >= 200 && status < 400) return "sent";
  // A timeout or too many requests says nothing about the entry itself.
  if (status === 408 || status === 429) return "retry";
  if (status >= 400 && status < 500) return "refused";
  return "retry";
}

/** The entries to send now, oldest first: attention entries wait for the user. */
export function sendOrder(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.status === "pending").sort((a, b) => a.seq - b.seq);
}

/**
 * Whether to go on to the next entry after this outcome. A refusal does not block the rest
 * (it is the user's to settle), but a retry or an ended session does: sending a later entry
 * first could record a departure before the arrival it follows.
 */
export function continueAfter(outcome: ReplayOutcome): boolean {
  return outcome === "sent" || outcome === "refused";
}

/** The badge's figures. */
export function countEntries(entries: readonly OutboxEntry[]): { pending: number; attention: number } {
  let pending = 0;
  let attention = 0;
  for (const e of entries) {
    if (e.status === "pending") pending += 1;
    else attention += 1;
  }
  return { pending, attention };
}

/**
 * Whether a failed live submission should be kept on the device. `error` is what Remix's
 * server action call threw: a TypeError when fetch never got an answer, a decode failure when
 * something other than the app answered (a proxy's or the time budget's plain 503), a route
 * error response with its status. `serverReachable` is asked only for other errors (an
 * unexpected server error): an outage answers it with false.
 */
export async function shouldQueue(error: unknown, serverReachable: () => Promise<boolean>): Promise<boolean> {
  if (error instanceof Response) return error.status === 503;
  if (isErrorResponse(error)) return error.status === 503;
  if (error instanceof TypeError) return true;
  if (error instanceof Error && error.message.startsWith("Unable to decode turbo-stream")) return true;
  return !(await serverReachable());
}

function isErrorResponse(error: unknown): error is { status: number; internal?: boolean } {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" && "statusText" in error;
}

/**
 * The fields to keep from a form post: text values only (the field forms have no files).
 * Confirmations of a question asked earlier are kept: the user answered it.
 */
export function fieldsOf(form: Iterable<[string, FormDataEntryValue]>): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of form) if (typeof value === "string") fields.push([name, value]);
  return fields;
}

/** A field's value, for the list (the time typed, say). */
export function fieldValue(entry: Pick<OutboxEntry, "fields">, name: string): string | undefined {
  return entry.fields.find(([n]) => n === name)?.[1];
}

/** The people in an arrival or departure (the group fields summed), for the list. */
export function peopleIn(entry: Pick<OutboxEntry, "fields">, groups: readonly string[]): number {
  let total = 0;
  for (const [name, value] of entry.fields) if (groups.includes(name)) total += Number(value) || 0;
  return total;
}
