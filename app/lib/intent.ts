// The one reply shape of a page with several forms: which form answered, and its conform result.
// Shared by the server (intent.server.ts) and the forms, which pick their own result by intent.
import type { SubmissionResult } from "@conform-to/react";

export interface IntentReply<I extends string> {
  intent: I;
  result: SubmissionResult<string[]>;
}

/** The result for one form of the page, or undefined when another form (or none) answered. */
export function resultFor<I extends string>(actionData: unknown, intent: I): SubmissionResult<string[]> | undefined {
  if (!actionData || typeof actionData !== "object" || !("intent" in actionData) || !("result" in actionData)) return undefined;
  const reply = actionData as IntentReply<string>;
  return reply.intent === intent ? reply.result : undefined;
}
