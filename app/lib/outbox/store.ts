import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { OutboxEntry } from "./logic";

/**
 * The outbox on the device: one IndexedDB database per signed-in user (the name carries the
 * user id), so one person's pending entries are never sent under another's session, and
 * logging out deletes the whole database. Only what the user typed is kept.
 */
interface OutboxDB extends DBSchema {
  entries: { key: number; value: OutboxEntry };
}

const PREFIX = "albergue-outbox-";
const connections = new Map<number, Promise<IDBPDatabase<OutboxDB>>>();

function open(userId: number) {
  let db = connections.get(userId);
  if (!db) {
    db = openDB<OutboxDB>(`${PREFIX}${userId}`, 1, {
      upgrade(database) {
        database.createObjectStore("entries", { keyPath: "seq", autoIncrement: true });
      },
    });
    connections.set(userId, db);
  }
  return db;
}

export async function addEntry(userId: number, entry: Omit<OutboxEntry, "seq">): Promise<number> {
  // The key path fills `seq`; the type asks for it, IndexedDB does not.
  return (await open(userId)).add("entries", entry as OutboxEntry);
}

export async function listEntries(userId: number): Promise<OutboxEntry[]> {
  return (await open(userId)).getAll("entries");
}

export async function getEntry(userId: number, seq: number): Promise<OutboxEntry | undefined> {
  return (await open(userId)).get("entries", seq);
}

export async function putEntry(userId: number, entry: OutboxEntry): Promise<void> {
  await (await open(userId)).put("entries", entry);
}

export async function deleteEntry(userId: number, seq: number): Promise<void> {
  await (await open(userId)).delete("entries", seq);
}

/** Logout: the user's outbox goes with the session. */
export async function deleteOutbox(userId: number): Promise<void> {
  const db = connections.get(userId);
  connections.delete(userId);
  if (db) (await db).close();
  await deleteDB(`${PREFIX}${userId}`);
}
