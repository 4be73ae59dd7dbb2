/**
 * The offline outbox's rules, free of the browser (docs/decisions/019-offline-outbox.md):
 * which failures keep a submission on the device, what a replay's answer means, and the order
 * entries go out in. The IndexedDB store and the sync loop (store.client.ts, sync.client.ts)
 * only apply these.
 */

/**
 * The field forms that queue when the link is down, by the path they post to. A page with
 * several forms (the case page, the vaccination page) names the intent of the ones that queue:
 * its other forms (a referral, moving the case, changing a dose's reason) are not field entries
 * and fail as before.
 */
export const outboxForms = [
  { kind: "arrival", pattern: /^\/facilities\/([^/]+)\/arrivals\/new$/ },
  { kind: "departure", pattern: /^\/facilities\/([^/]+)\/departures\/new$/ },
  { kind: "receipt", pattern: /^\/facilities\/([^/]+)\/stock\/receipts\/new$/ },
  { kind: "issue", pattern: /^\/facilities\/([^/]+)\/stock\/issues\/new$/ },
  { kind: "transferReceipt", pattern: /^\/facilities\/([^/]+)\/transfers\/\d+\/receive$/ },
  { kind: "count", pattern: /^\/facilities\/([^/]+)\/stock\/counts\/\d+$/ },
  { kind: "childEncounter", pattern: /^\/facilities\/([^/]+)\/care\/[A-Za-z0-9 -]{4,20}$/, intent: "child" },
  { kind: "antenatalEncounter", pattern: /^\/facilities\/([^/]+)\/care\/[A-Za-z0-9 -]{4,20}$/, intent: "antenatal" },
  { kind: "cardDose", pattern: /^\/facilities\/([^/]+)\/care\/[A-Za-z0-9 -]{4,20}$/, intent: "cardDose" },
  { kind: "dose", pattern: /^\/facilities\/([^/]+)\/care\/[A-Za-z0-9 -]{4,20}\/vaccinate$/, intent: "record" },
] as const satisfies readonly { kind: string; pattern: RegExp; intent?: string }[];

export type OutboxKind = (typeof outboxForms)[number]["kind"];

function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/**
 * The field-form page a path belongs to, and its facility; null for any other path. This is
 * the page (kept by the service worker); which of its forms queues is `outboxTargetOf`'s.
 */
export function outboxFormOf(pathname: string): { kind: OutboxKind; facility: string } | null {
  const path = decodedPath(pathname);
  for (const form of outboxForms) {
    const match = form.pattern.exec(path);
    if (match) return { kind: form.kind, facility: match[1]! };
  }
  return null;
}

/** The field form a submission belongs to, by its path and the intent it posted; null otherwise. */
export function outboxTargetOf(pathname: string, intent: string | null): { kind: OutboxKind; facility: string } | null {
  const path = decodedPath(pathname);
  for (const form of outboxForms) {
    if ("intent" in form && form.intent !== intent) continue;
    const match = form.pattern.exec(path);
    if (match) return { kind: form.kind, facility: match[1]! };
  }
  return null;
}

/**
 * The path a replay posts to: the form's own action. An index route's form posts with `?index`
 * (the case page), which tells Remix the action is the page's and not its parent's.
 */
export function replayPath(url: URL): string {
  return url.searchParams.has("index") ? `${url.pathname}?index` : url.pathname;
}

/** The page an entry was typed on (its path without the `?index` a post carries). */
export function pageOf(entry: Pick<OutboxEntry, "path">): string {
  return entry.path.split("?")[0]!;
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
  /** When it was last changed in its form (the device's clock). */
  editedAt?: string;
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

/** The hidden field a form carries while it edits a pending entry: the entry's place in line. */
export const EDIT_FIELD = "outboxEdit";

/**
 * The entry once edited in its form: the new fields under the entry's own key (what the server
 * may already hold is never recorded twice), back in line in its place, the server's earlier
 * reason and questions gone with the values they were about.
 */
export function edited(entry: OutboxEntry, fields: [string, string][]): OutboxEntry {
  const { reason: _reason, questions: _questions, ...rest } = entry;
  const key = entry.fields.find(([name]) => name === "idempotencyKey")?.[1];
  const kept = fields.filter(([name]) => name !== EDIT_FIELD && name !== "idempotencyKey");
  return { ...rest, fields: key === undefined ? kept : [["idempotencyKey", key], ...kept], status: "pending", editedAt: new Date().toISOString() };
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

/**
 * A form's fields as the nested value conform's forms take (`lines[0].item` → `{ lines: [{ item }] }`,
 * a repeated name → a list), to fill a form from a kept entry. conform has its own, but it would
 * bring the whole library into every page's JavaScript for this one use.
 */
export function nestedValue(fields: readonly [string, string][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    const path = [...name.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
    if (path.length === 0) continue;
    let node: Record<string | number, unknown> = root;
    path.forEach((step, i) => {
      const last = i === path.length - 1;
      if (last) {
        const existing = node[step];
        node[step] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
        return;
      }
      if (typeof node[step] !== "object" || node[step] === null) node[step] = typeof path[i + 1] === "number" ? [] : {};
      node = node[step] as Record<string | number, unknown>;
    });
  }
  return root;
}
