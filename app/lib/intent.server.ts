// Multi-form pages: each form's submit button names its intent; the route declares the union of
// intents, reads it once here and switches to one named function per intent. Every intent
// answers a refusal the same way (intentReply), so each form finds its own result (resultFor).
import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { IntentReply } from "./intent";

export { resultFor, type IntentReply } from "./intent";

/**
 * The form's intent, one of the page's; anything else is a client error (400), thrown so the
 * switch that follows is exhaustive over the union.
 */
export function readIntent<const I extends string>(formData: FormData, intents: readonly I[]): I {
  const raw = String(formData.get("intent") ?? "");
  if (!(intents as readonly string[]).includes(raw)) throw data({ reason: "bad-intent" }, { status: 400 });
  return raw as I;
}

/** A refusal of one intent's form: its conform result, under the page's one reply shape. */
export function intentReply<I extends string>(intent: I, result: SubmissionResult<string[]>, status = 400) {
  return data<IntentReply<I>>({ intent, result }, { status });
}
