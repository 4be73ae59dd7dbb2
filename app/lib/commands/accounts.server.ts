// The administrators' writes (norms, accounts, API tokens) and the account's own (language,
// signing in and out): each one transaction with its audit entry.
import { getApiToken, insertApiToken, revokeApiToken } from "#db/api-tokens.server";
import { appendAudit, diffValues } from "#db/audit.server";
import { updateNorm } from "#db/norms.server";
import type { Db } from "#db/types";
import { insertUser, setMemberships, setPreferredLanguage, updateUser, type Language, type NewUser, type UserChanges } from "#db/users.server";
import { unlockAccount } from "~/lib/auth.server";
import { auditActorOf, type CommandActor } from "./actor.server";

/** Saves the norms that changed; the audit entry of each keeps the old and the new value. */
export async function updateNorms(db: Db, actor: CommandActor, changed: { key: string; before: number; value: number }[]) {
  await db.transaction(async (tx) => {
    for (const norm of changed) {
      await updateNorm(tx, norm.key, norm.value, actor.userId!);
      await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "norm", entityId: norm.key, changes: { value: [norm.before, norm.value] } });
    }
  });
}

/** Creates an account with its facilities; undefined when the e-mail is taken. */
export async function createUserAccount(
  db: Db,
  actor: CommandActor,
  input: NewUser,
  memberships: { id: number; code: string }[],
  audited: Record<string, unknown>,
): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    const created = await insertUser(tx, input);
    if (!created) return undefined;
    await setMemberships(tx, created, memberships.map((m) => m.id));
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "user", entityId: created, changes: { ...audited, facilities: memberships.map((m) => m.code) } });
    return created;
  });
}

/** Updates an account; the audit entry lists only what changed (a new password as "changed"). */
export async function updateUserAccount<T extends Record<string, unknown>>(
  db: Db,
  actor: CommandActor,
  before: T & { id: number },
  input: Partial<T> & UserChanges,
  facilityIds: number[],
) {
  await db.transaction(async (tx) => {
    await updateUser(tx, before.id, input);
    const { added, removed } = await setMemberships(tx, before.id, facilityIds);
    const { passwordHash, ...visible } = input;
    const changes = diffValues(before, visible as Partial<T>);
    if (added.length || removed.length) changes.facilities = { added, removed };
    if (passwordHash) changes.password = "changed";
    if (Object.keys(changes).length) await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "user", entityId: before.id, changes });
  });
}

/** Lifts the account-wide lock that wrong passwords from untrusted browsers set (decision 015). */
export async function unlockUserAccount(db: Db, actor: CommandActor, user: { id: number; email: string }) {
  await db.transaction(async (tx) => {
    await unlockAccount(tx, user.email);
    await appendAudit(tx, auditActorOf(actor), { action: "unlock", entity: "user", entityId: user.id });
  });
}

/** A token for the facilities; the audit keeps its name and scope, never the token or its hash. */
export async function createApiToken(db: Db, actor: CommandActor, input: { name: string; facilities: { id: number; code: string }[] }) {
  return db.transaction(async (tx) => {
    const token = await insertApiToken(tx, { name: input.name, facilityIds: input.facilities.map((f) => f.id), createdBy: actor.userId });
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "api_token",
      entityId: token.id,
      changes: { name: input.name, facilities: input.facilities.map((f) => f.code).sort() },
    });
    return token;
  });
}

/** Revokes a token; undefined when it does not exist or was already revoked. */
export async function revokeApiTokenCommand(db: Db, actor: CommandActor, tokenId: number) {
  return db.transaction(async (tx) => {
    const token = await getApiToken(tx, tokenId);
    if (!token || !(await revokeApiToken(tx, tokenId))) return undefined;
    await appendAudit(tx, auditActorOf(actor), { action: "revoke", entity: "api_token", entityId: tokenId, changes: { name: token.name, facilities: token.facilityCodes } });
    return token;
  });
}

export async function setLanguage(db: Db, actor: CommandActor, user: { id: number; preferredLanguage: Language }, language: Language) {
  await db.transaction(async (tx) => {
    await setPreferredLanguage(tx, user.id, language);
    await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "user", entityId: user.id, changes: { preferredLanguage: [user.preferredLanguage, language] } });
  });
}

/** Signing in and out are in the audit log, with the browser's address. */
export async function recordSession(db: Db, actor: CommandActor, event: "login" | "logout") {
  await appendAudit(db, auditActorOf(actor), { action: event, entity: "session", entityId: actor.userId });
}
