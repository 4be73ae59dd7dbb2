// Who a command acts for, and what that changes: the ledger's idempotency key and the audit
// entry's "via". A command never looks at the request; the route builds the actor.
import type { AppLoadContext } from "@remix-run/node";
import type { AuditActor } from "#db/audit.server";

export interface CommandActor {
  /** The signed-in person (null for an API token). */
  userId: number | null;
  /** The API token the write came through (null for a form). */
  token: { id: number; name: string } | null;
  requestId?: string | null;
  ipAddress?: string | null;
}

export function formActor(user: { id: number }, context: AppLoadContext): CommandActor {
  return { userId: user.id, token: null, requestId: context.requestId, ipAddress: context.clientAddress };
}

export function apiTokenActor(token: { id: number; name: string }, context: AppLoadContext): CommandActor {
  return { userId: null, token, requestId: context.requestId, ipAddress: context.clientAddress };
}

export function auditActorOf(actor: CommandActor): AuditActor {
  return { userId: actor.userId, requestId: actor.requestId ?? null, ipAddress: actor.ipAddress ?? null };
}

/** The ledger's idempotency key for an API request: per token, so two clients never collide. */
export function ledgerKey(tokenId: number, key: string): string {
  return `api:${tokenId}:${key}`;
}

/** The key the ledger stores for what the actor sent: a form's key as is, a token's scoped to it. */
export function ledgerKeyFor(actor: CommandActor, key: string): string {
  return actor.token ? ledgerKey(actor.token.id, key) : key;
}

/**
 * The part of every audit entry that says how the write came in, the same keys from a form and
 * from the API, so the audit log reads (and the parity test compares) one shape.
 */
export function auditSource(actor: CommandActor, key: string) {
  return {
    via: actor.token ? ("api" as const) : ("form" as const),
    tokenId: actor.token?.id ?? null,
    tokenName: actor.token?.name ?? null,
    idempotencyKey: ledgerKeyFor(actor, key),
  };
}

/** The form's answers to its questions (see population.server.ts); the API is never asked. */
export interface FormQuestions {
  confirmRepeat: boolean;
  confirmSize?: boolean;
}
