import type { ClientActionFunctionArgs } from "@remix-run/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import {
  answered,
  classifyReplay,
  confirmFields,
  continueAfter,
  countEntries,
  edited,
  fieldsOf,
  nestedValue,
  fieldValue,
  outboxFormOf,
  outboxTargetOf,
  pageOf,
  replayPath,
  sendOrder,
  shouldQueue,
  EDIT_FIELD,
  type OutboxEntry,
  type OutboxKind,
  type ReplayOutcome,
} from "./logic";
import { zonedDateTimeLocal } from "../time";
import { addEntry, deleteEntry, deleteOutbox, getEntry, listEntries, putEntry } from "./store";

/**
 * The outbox in the browser: it keeps a field form's submission on the device when the link or
 * the server is down, shows the count, and replays the entries in order when the link returns
 * (docs/decisions/019-offline-outbox.md). Nothing here runs without JavaScript: the forms then
 * post as they always did.
 */

let userId: number | null = null;
let counts = { pending: 0, attention: 0 };
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

async function refreshCounts() {
  const next = userId === null ? { pending: 0, attention: 0 } : countEntries(await listEntries(userId));
  if (next.pending !== counts.pending || next.attention !== counts.attention) {
    counts = next;
  }
  emit();
}

/** The signed-in user, set by the layout; the outbox acts only for a known user. */
export function setOutboxUser(id: number | null) {
  if (id === userId) return;
  userId = id;
  void refreshCounts();
}

export function outboxUser() {
  return userId;
}

/** The signed-in user as the outbox knows it (null until the layout has said). */
export function useOutboxUser() {
  return useSyncExternalStore(
    subscribe,
    () => userId,
    () => null,
  );
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The badge's figures; zero on the server and before the store is read. */
export function useOutboxCounts() {
  return useSyncExternalStore(
    subscribe,
    () => counts,
    () => counts,
  );
}

/** A change anywhere in the outbox (a sync, a discard): for the outbox page to re-read. */
export function useOutboxVersion() {
  const [version, setVersion] = useState(0);
  useEffect(() => subscribe(() => setVersion((v) => v + 1)), []);
  return version;
}

async function serverReachable(): Promise<boolean> {
  try {
    const response = await fetch("/readyz", { cache: "no-store" });
    return response.ok;
  } catch {
    return false;
  }
}

export interface Queued {
  outbox: "queued";
  seq: number;
  kind: OutboxKind;
  /** A pending entry opened from the outbox and saved again (it kept its place and its key). */
  edited?: boolean;
}

/** A pending entry saved again from its form, but it had left the device meanwhile (sent or discarded). */
export interface EditGone {
  outbox: "gone";
  seq: number;
  kind: OutboxKind;
}

export function isQueued(value: unknown): value is Queued {
  return typeof value === "object" && value !== null && (value as { outbox?: unknown }).outbox === "queued";
}

export function isEditGone(value: unknown): value is EditGone {
  return typeof value === "object" && value !== null && (value as { outbox?: unknown }).outbox === "gone";
}

/** A page with several forms: the outbox's answer when it is about this form's kind. */
export function outboxResultFor(value: unknown, kind: OutboxKind): Queued | EditGone | undefined {
  return (isQueued(value) || isEditGone(value)) && value.kind === kind ? value : undefined;
}

/**
 * No loader runs again after a submission kept on the device: the link is down, and a failed
 * revalidation would replace the page (and its notice) with an error.
 */
export function outboxShouldRevalidate({ actionResult, defaultShouldRevalidate }: { actionResult?: unknown; defaultShouldRevalidate: boolean }) {
  return isQueued(actionResult) || isEditGone(actionResult) ? false : defaultShouldRevalidate;
}

/**
 * A field form's clientAction: the server action as usual, and when it fails because the link
 * or the database is down, the fields are kept on the device under the form's idempotency key.
 */
export async function outboxAction<T>({ request }: ClientActionFunctionArgs, send: () => Promise<T>): Promise<T | Queued | EditGone> {
  // Read before sending: the server action consumes the request's body.
  const form = await request.clone().formData();
  const url = new URL(request.url);
  const intent = form.get("intent");
  const target = outboxTargetOf(url.pathname, typeof intent === "string" ? intent : null);
  const editing = Number(form.get(EDIT_FIELD));
  if (target && Number.isInteger(editing) && editing > 0 && userId !== null) {
    // A pending entry opened from the outbox: saving replaces it in place, with its key and its
    // place in line, and the outbox sends it as it sends every entry (in order).
    const owner = userId;
    const entry = await getEntry(owner, editing);
    if (held === editing) held = null;
    if (!entry) return { outbox: "gone", seq: editing, kind: target.kind };
    await putEntry(owner, edited(entry, fieldsOf(form.entries())));
    await refreshCounts();
    void syncOutbox();
    return { outbox: "queued", seq: editing, kind: target.kind, edited: true };
  }
  try {
    return await send();
  } catch (error) {
    const owner = userId;
    if (!target || owner === null || !(await shouldQueue(error, serverReachable))) throw error;
    const seq = await addEntry(owner, {
      kind: target.kind,
      facility: target.facility,
      path: replayPath(url),
      fields: fieldsOf(form.entries()),
      savedAt: new Date().toISOString(),
      status: "pending",
      attempts: 0,
    });
    await refreshCounts();
    return { outbox: "queued", seq, kind: target.kind };
  }
}

/** A fresh idempotency key (crypto.randomUUID needs a secure context; a LAN address is not one). */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A field form's idempotency key and its result. Once JavaScript runs the page takes a key of
 * its own: a form served from the device's cache carries the key of the visit that cached it,
 * which the server may already hold. After a submission is kept on the device the form takes a
 * new key, so the next group is a new entry, never a duplicate of the last. A pending entry
 * opened for editing uses its own key until it is saved.
 */
export function useOutboxForm<T>(actionData: T | Queued | EditGone | undefined, serverKey: string) {
  const queued = isQueued(actionData) ? actionData : null;
  const gone = isEditGone(actionData) ? actionData : null;
  const answer = queued ?? gone;
  const [key, setKey] = useState(serverKey);
  const [editing, setEditing] = useState<Editing | null>(null);
  useEffect(() => {
    setKey(newKey());
    setEditing(null);
  }, [serverKey, answer]);
  return {
    key: editing?.key ?? key,
    queued,
    gone,
    editing,
    startEditing: setEditing,
    lastResult: answer ? undefined : (actionData as T | undefined),
  };
}

export interface Editing {
  seq: number;
  key: string;
}

/**
 * The entry being edited in this tab: the sync stops before it (rather than send the old
 * version, or send later entries ahead of it) until it is saved or the form is left.
 */
let held: number | null = null;

interface EditableForm {
  id: string;
  // conform's form.update, typed by each form's schema; called here with the whole form's value.
  update: (options: { value?: never }) => void;
}

/** Sets the form's fields from a kept entry: conform's state first (lists grow), then the plain inputs. */
function fillForm(form: EditableForm, fields: [string, string][]) {
  const typed = fields.filter(([name]) => name !== "idempotencyKey" && name !== "intent" && name !== EDIT_FIELD);
  const payload = nestedValue(typed);
  (form.update as (options: { value: unknown }) => void)({ value: payload });
  // Inputs conform does not draw from its state (a radio group with its own defaults) are set
  // as a person would, so conform reads them back.
  requestAnimationFrame(() => {
    const element = document.getElementById(form.id);
    if (!(element instanceof HTMLFormElement)) return;
    const values = new Map<string, string[]>();
    for (const [name, value] of typed) values.set(name, [...(values.get(name) ?? []), value]);
    for (const input of element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input[name], select[name], textarea[name]")) {
      if (input instanceof HTMLInputElement && (input.type === "hidden" || input.type === "submit")) continue;
      const wanted = values.get(input.name) ?? [];
      if (input instanceof HTMLInputElement && (input.type === "radio" || input.type === "checkbox")) {
        const checked = wanted.includes(input.value);
        if (input.checked !== checked) input.click();
        continue;
      }
      const value = wanted[0] ?? "";
      if (input.value === value) continue;
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), "value")?.set;
      setter?.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
}

/**
 * Opens a pending entry in its form (`#outbox-<seq>` on the form's address, from the outbox
 * page): the fields as they were kept, the entry's own key, and a hidden field that makes the
 * form's submission replace the entry instead of making a new one.
 */
export function useOutboxEdit(form: EditableForm, outbox: { startEditing: (editing: Editing | null) => void }, kinds: readonly OutboxKind[]) {
  const owner = useOutboxUser();
  const { startEditing } = outbox;
  const kindsKey = kinds.join(",");
  useEffect(() => {
    const match = /^#outbox-(\d+)$/.exec(window.location.hash);
    if (!match || owner === null) return;
    const seq = Number(match[1]);
    let cancelled = false;
    void getEntry(owner, seq).then((entry) => {
      if (cancelled || !entry || !kindsKey.split(",").includes(entry.kind) || pageOf(entry) !== window.location.pathname) return;
      held = seq;
      startEditing({ seq, key: fieldValue(entry, "idempotencyKey") ?? newKey() });
      fillForm(form, entry.fields);
      document.getElementById(`${form.id}-editing`)?.scrollIntoView({ block: "center" });
    });
    return () => {
      cancelled = true;
      if (held === seq) held = null;
    };
    // Once per user and address: the form's methods change identity on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner, kindsKey]);
}

interface ResettableForm {
  id: string;
  reset: () => void;
  update: (options: { name: string; value: string }) => void;
}

/**
 * Clears the form for the next entry once a submission is kept on the device, and keeps the
 * time field on "now": a form served from the cache was drawn when it was cached, maybe hours
 * ago, and its default time would date the entry wrongly. A time the user typed is left alone.
 */
export function useOutboxReset(form: ResettableForm, queued: Queued | null, time: { name: string; serverDefault: string; timeZone: string }) {
  const seq = queued?.seq;
  const { id, reset, update } = form;
  const { name, serverDefault, timeZone } = time;
  useEffect(() => {
    const now = zonedDateTimeLocal(new Date(), timeZone);
    if (seq !== undefined) {
      reset();
      update({ name, value: now });
      document.getElementById(`${id}-queued`)?.focus();
      return;
    }
    const input = document.querySelector<HTMLInputElement>(`form#${CSS.escape(id)} [name="${name}"], [form="${id}"][name="${name}"]`);
    if (input && input.value === serverDefault && now !== serverDefault) update({ name, value: now });
    // The form's methods change identity on every render; the effect is about the submission.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq, id, name, serverDefault, timeZone]);
}

/** The server's reasons on a refused form page (the form's and the fields' errors) and its questions. */
function refusalIn(html: string, status: number): Pick<OutboxEntry, "reason" | "questions"> {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const main = doc.querySelector("main") ?? doc.body;
  const reasons: string[] = [];
  for (const element of main.querySelectorAll("[id$='-error']")) {
    const text = element.textContent?.trim();
    if (!text) continue;
    const fieldId = element.id.slice(0, -"-error".length);
    const label = main.querySelector(`label[for="${CSS.escape(fieldId)}"]`)?.textContent?.trim();
    reasons.push(label ? `${label}: ${text}` : text);
  }
  if (reasons.length === 0) {
    // An error page (forbidden, not found): its heading and first paragraph.
    const heading = main.querySelector("h1")?.textContent?.trim();
    const detail = main.querySelector("p")?.textContent?.trim();
    for (const text of [heading, detail]) if (text) reasons.push(text);
  }
  const questions: { field: string; label: string }[] = [];
  for (const field of confirmFields) {
    const box = main.querySelector(`input[type="checkbox"][name="${field}"]`);
    const label = box?.closest("label")?.textContent?.trim();
    if (box) questions.push({ field, label: label || field });
  }
  return { reason: reasons.length ? reasons : [`HTTP ${status}`], ...(questions.length ? { questions } : {}) };
}

async function replay(entry: OutboxEntry): Promise<{ outcome: ReplayOutcome; refusal?: Pick<OutboxEntry, "reason" | "questions"> }> {
  let response: Response;
  try {
    // A plain form post, as the page would send without JavaScript, with the same fields and
    // the same idempotency key: a replay of an entry the server already holds is a duplicate.
    response = await fetch(entry.path, {
      method: "POST",
      body: new URLSearchParams(entry.fields),
      credentials: "same-origin",
      cache: "no-store",
      redirect: "follow",
    });
  } catch {
    return { outcome: classifyReplay(null) };
  }
  const outcome = classifyReplay(response.status, new URL(response.url).pathname);
  if (outcome !== "refused") return { outcome };
  return { outcome, refusal: refusalIn(await response.text(), response.status) };
}

let syncing: Promise<void> | null = null;
let again = false;

/**
 * Sends the pending entries in order; one run at a time (across tabs too, where supported). A
 * call during a run (the link came back, "Enviar ahora") runs once more after it, so what the
 * current run could not send yet is tried again at once rather than at the next minute.
 */
export function syncOutbox(): Promise<void> {
  if (syncing) {
    again = true;
    return syncing;
  }
  const owner = userId;
  if (owner === null) return Promise.resolve();
  const run = async () => {
    for (const entry of sendOrder(await listEntries(owner))) {
      if (userId !== owner || entry.seq === held) return;
      const { outcome, refusal } = await replay(entry);
      if (outcome === "sent") await deleteEntry(owner, entry.seq);
      else {
        await putEntry(owner, {
          ...entry,
          attempts: entry.attempts + 1,
          lastAttemptAt: new Date().toISOString(),
          ...(outcome === "refused" ? { status: "attention" as const, ...refusal } : {}),
        });
      }
      await refreshCounts();
      if (!continueAfter(outcome)) return;
    }
  };
  const locked = typeof navigator !== "undefined" && navigator.locks ? navigator.locks.request(`albergue-outbox-${owner}`, run) : run();
  syncing = Promise.resolve(locked)
    .catch(() => {})
    .then(async () => {
      syncing = null;
      if (again) {
        again = false;
        await syncOutbox();
      }
    });
  return syncing;
}

/** The person answers the server's question ("yes, it is another group"): sent again at once. */
export async function answerQuestion(seq: number, field: string) {
  const owner = userId;
  if (owner === null) return;
  const entry = await getEntry(owner, seq);
  if (!entry) return;
  await putEntry(owner, answered(entry, field));
  await refreshCounts();
  await syncOutbox();
}

/** Discard one entry (the user's choice, from the outbox page). */
export async function discardEntry(seq: number) {
  if (userId === null) return;
  await deleteEntry(userId, seq);
  await refreshCounts();
}

export async function outboxEntries(): Promise<OutboxEntry[]> {
  return userId === null ? [] : listEntries(userId);
}

/** Logout: the user's outbox and cached pages leave the device with the session. */
export async function clearForLogout() {
  const owner = userId;
  userId = null;
  counts = { pending: 0, attention: 0 };
  emit();
  if (owner !== null) await deleteOutbox(owner);
  if (typeof navigator !== "undefined") navigator.serviceWorker?.controller?.postMessage({ type: "logout" });
  if (typeof caches !== "undefined") {
    for (const name of await caches.keys()) if (name.startsWith("albergue-user-")) await caches.delete(name);
  }
}

const RETRY_MS = 60_000;

/**
 * Tells the service worker who is signed in (it keeps pages only for that user), which built
 * files this page loaded before the worker controlled it, and the page itself: a form page is
 * then kept for the next time the link is down.
 */
export function useServiceWorkerUser(id: number | null, pathname: string) {
  useEffect(() => {
    if (id === null || !("serviceWorker" in navigator)) return;
    let cancelled = false;
    void navigator.serviceWorker.ready
      .then((registration) => {
        if (cancelled) return;
        const assets = performance
          .getEntriesByType("resource")
          .map((entry) => entry.name)
          .filter((name) => new URL(name).pathname.startsWith("/build/"));
        registration.active?.postMessage({ type: "user", id, assets, page: outboxFormOf(pathname) || pathname === "/outbox" ? pathname : undefined });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [id, pathname]);
}

/**
 * The layout's part: knows the user, registers the service worker, tells it whose pages it may
 * keep, and sends the outbox when the link returns (the online event) and once a minute (a
 * satellite link can come back without the browser noticing).
 */
export function useOutbox(id: number | null) {
  useEffect(() => {
    setOutboxUser(id);
    if (id === null) return;
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    }
    const sync = () => void syncOutbox();
    sync();
    window.addEventListener("online", sync);
    const timer = window.setInterval(sync, RETRY_MS);
    return () => {
      window.removeEventListener("online", sync);
      window.clearInterval(timer);
    };
  }, [id]);
}
