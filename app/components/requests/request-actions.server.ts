// The request pages' writes, one named function per intent: parse → command → reply. The
// routes read the intent (~/lib/intent.server) and switch here.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { loadRequestNorms } from "#db/norms.server";
import type { Db } from "#db/types";
import type { CommandActor } from "~/lib/commands/actor.server";
import {
  approveRequest,
  closeRequest,
  confirmPick,
  rejectRequest,
  startPicking,
  submitRequest,
  type RequestOutcome,
} from "~/lib/commands/requests.server";
import { notFound } from "~/lib/auth.server";
import { intentReply } from "~/lib/intent.server";
import { approveRequestSchema, closeRequestSchema, confirmPickSchema, rejectRequestSchema, startPickSchema, submitRequestSchema } from "~/lib/schemas/requests";
import { redirectWithFlash } from "~/lib/session.server";

export interface RequestActionArgs {
  formData: FormData;
  db: Db;
  actor: CommandActor;
  /** The facility in the URL: the one asking (request page, review) or the warehouse (pick list). */
  facility: { id: number; code: string };
  requestId: number;
  today: string;
}

type Reply = ReturnType<typeof intentReply>;
interface Submission {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;
}

/** The one answer to every command outcome: a redirect with a message, or the form's errors. */
async function answer<I extends string>(intent: I, submission: Submission, outcome: RequestOutcome, to: string, message: Parameters<typeof redirectWithFlash>[1]["message"]): Promise<Response | Reply> {
  switch (outcome.status) {
    case "not-found":
      notFound();
    // falls through: notFound() throws
    case "invalid":
      return intentReply(intent, submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }), 400);
    case "conflict":
      return intentReply(intent, submission.reply({ formErrors: ["request.moved"] }), 409);
    default:
      return redirectWithFlash(to, { kind: "success", message, params: { id: outcome.requestId } });
  }
}

const requestPath = (args: RequestActionArgs) => `/facilities/${args.facility.code}/requests/${args.requestId}`;

export async function submitAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: submitRequestSchema });
  if (submission.status !== "success") return intentReply("submit", submission.reply());
  const norms = await loadRequestNorms(args.db);
  const outcome = await submitRequest(
    args.db,
    args.actor,
    { facilityId: args.facility.id, requestId: args.requestId, today: args.today, emergencyLeadTimes: norms.emergencyLeadTimes },
    submission.value.idempotencyKey,
  );
  const message = outcome.status === "done" && outcome.to === "approved" ? "request.submittedApproved" : "request.submitted";
  return answer("submit", submission, outcome, requestPath(args), message);
}

export async function closeAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: closeRequestSchema });
  if (submission.status !== "success") return intentReply("close", submission.reply());
  const outcome = await closeRequest(args.db, args.actor, { facilityId: args.facility.id, requestId: args.requestId, reason: submission.value.reason }, submission.value.idempotencyKey);
  return answer("close", submission, outcome, requestPath(args), "request.closed");
}

export async function approveAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: approveRequestSchema });
  if (submission.status !== "success") return intentReply("approve", submission.reply());
  const v = submission.value;
  const outcome = await approveRequest(args.db, args.actor, { facilityId: args.facility.id, requestId: args.requestId, lines: v.lines, reason: v.reason }, v.idempotencyKey);
  return answer("approve", submission, outcome, requestPath(args), "request.approvedFlash");
}

export async function rejectAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: rejectRequestSchema });
  if (submission.status !== "success") return intentReply("reject", submission.reply());
  const v = submission.value;
  const outcome = await rejectRequest(args.db, args.actor, { facilityId: args.facility.id, requestId: args.requestId, reason: v.reason }, v.idempotencyKey);
  return answer("reject", submission, outcome, requestPath(args), "request.rejectedFlash");
}

const pickPath = (args: RequestActionArgs) => `/facilities/${args.facility.code}/picking/${args.requestId}`;

export async function startPickAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: startPickSchema });
  if (submission.status !== "success") return intentReply("start", submission.reply());
  const outcome = await startPicking(args.db, args.actor, { supplierFacilityId: args.facility.id, requestId: args.requestId }, submission.value.idempotencyKey);
  return answer("start", submission, outcome, pickPath(args), "pick.started");
}

export async function confirmPickAction(args: RequestActionArgs) {
  const submission = parseWithZod(args.formData, { schema: confirmPickSchema });
  if (submission.status !== "success") return intentReply("confirm", submission.reply());
  const v = submission.value;
  const outcome = await confirmPick(
    args.db,
    args.actor,
    {
      supplierFacilityId: args.facility.id,
      requestId: args.requestId,
      today: args.today,
      occurredAt: new Date(),
      lines: v.lines.map((l, index) => ({ index, lotId: l.lotId, quantity: l.quantity })),
      notes: v.notes,
    },
    v.idempotencyKey,
  );
  return answer("confirm", submission, outcome, pickPath(args), "pick.shipped");
}
