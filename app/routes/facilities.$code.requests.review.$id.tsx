import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getRequest } from "#db/requests.server";
import { approveAction, rejectAction, type RequestActionArgs } from "~/components/requests/request-actions.server";
import { RequestLines, StatusBadge } from "~/components/requests/request-parts";
import { FormErrors, SubmitButton } from "~/components/form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { getDb } from "~/lib/db.server";
import { readForm } from "~/lib/form-data.server";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { idOf } from "~/lib/schemas/common";
import { approveRequestSchema, MAX_REQUEST_LINES, rejectRequestSchema } from "~/lib/schemas/requests";
import { dayOf } from "~/lib/time.server";

const requestIdOf = (param: string | undefined) => idOf(param) ?? notFound();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "request:approve");
  const found = await getRequest(getDb(), facility.id, requestIdOf(params.id));
  if (!found) notFound();
  const { id, status, emergency, neededBy, notes, supplierCode, lines } = found;
  return {
    facility: { code: facility.code, name: facility.name },
    request: { id, status, emergency, neededBy, notes, supplierCode, lines },
    keys: { approve: crypto.randomUUID(), reject: crypto.randomUUID() },
  };
}

const intents = ["approve", "reject"] as const;

/** A planner's decision: approve (quantities changed with a reason) or reject (with a reason). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "request:approve");
  const db = getDb();
  const requestId = requestIdOf(params.id);
  if (!(await getRequest(db, facility.id, requestId))) notFound();
  const formData = await readForm(request, { maxRows: MAX_REQUEST_LINES });
  const args: RequestActionArgs = { formData, db, actor: formActor(user, context), facility: { id: facility.id, code: facility.code }, requestId, today: dayOf(new Date()) };
  switch (readIntent(formData, intents)) {
    case "approve":
      return approveAction(args);
    case "reject":
      return rejectAction(args);
  }
}

type Line = ReturnType<typeof useLoaderData<typeof loader>>["request"]["lines"][number];

function ApproveForm({ lines, idempotencyKey }: { lines: Line[]; idempotencyKey: string }) {
  const { t, tMaybe, locale } = useI18n();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "approve-request",
    lastResult: resultFor(actionData, "approve"),
    defaultValue: { lines: lines.map((l) => ({ itemId: String(l.itemId), approved: String(l.requested) })), reason: "" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: approveRequestSchema }),
  });
  const rows = fields.lines.getFieldList();
  const reason = getTextareaProps(fields.reason);
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 rounded bg-white p-4 shadow">
      <h2 className="text-lg font-semibold">{t("request.approveTitle")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {rows.map((row, index) => {
        const line = row.getFieldset();
        const l = lines[index]!;
        const approved = getInputProps(line.approved, { type: "number" });
        const itemId = getInputProps(line.itemId, { type: "hidden" });
        return (
          <div key={row.key} className="grid items-end gap-2 sm:grid-cols-[1fr_10rem]">
            <input {...itemId} key={itemId.key} />
            <label htmlFor={line.approved.id} className="text-sm font-medium">
              {t("request.approveLine", { item: `${l.itemCode} · ${locale === "en" ? l.nameEn : l.nameEs}`, requested: l.requested, unit: l.unit })}
            </label>
            <div>
              <input {...approved} key={approved.key} inputMode="numeric" className="w-full rounded border border-slate-400 px-3 py-2" />
              {line.approved.errors?.length ? <p id={line.approved.errorId} className="text-sm text-red-800">{line.approved.errors.map(tMaybe).join(" ")}</p> : null}
            </div>
          </div>
        );
      })}
      <label htmlFor={fields.reason.id} className="block text-sm font-medium">{t("request.approveReason")}</label>
      <textarea {...reason} key={reason.key} rows={2} className="w-full rounded border border-slate-400 px-3 py-2" />
      {fields.reason.errors?.length ? <FormErrors id={fields.reason.errorId} errors={fields.reason.errors} /> : null}
      <SubmitButton intent="approve" pending={t("request.saving")}>{t("request.approve")}</SubmitButton>
    </Form>
  );
}

function RejectForm({ idempotencyKey }: { idempotencyKey: string }) {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reject-request",
    lastResult: resultFor(actionData, "reject"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rejectRequestSchema }),
  });
  const reason = getTextareaProps(fields.reason);
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 rounded bg-white p-4 shadow">
      <h2 className="text-lg font-semibold">{t("request.rejectTitle")}</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <label htmlFor={fields.reason.id} className="block text-sm font-medium">{t("request.rejectReason")}</label>
      <textarea {...reason} key={reason.key} rows={2} className="w-full rounded border border-slate-400 px-3 py-2" />
      {fields.reason.errors?.length ? <FormErrors id={fields.reason.errorId} errors={fields.reason.errors} /> : null}
      <SubmitButton intent="reject" pending={t("request.saving")} className="min-h-11 rounded border border-red-800 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">
        {t("request.reject")}
      </SubmitButton>
    </Form>
  );
}

export default function ReviewRequest() {
  const { facility, request: r, keys } = useLoaderData<typeof loader>();
  const { t, day } = useI18n();
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}/requests/${r.id}`} className="text-brand-700 underline">{t("request.backToRequest", { id: r.id })}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t("request.reviewTitle", { id: r.id, facility: facility.name })} <StatusBadge status={r.status} />
      </h1>
      <p className="text-slate-700">
        {t("request.header", { facility: facility.name, supplier: r.supplierCode, date: day(r.neededBy) })}
        {r.emergency ? <span className="ml-2 font-semibold text-red-800">{t("request.emergency")}</span> : null}
      </p>
      <RequestLines lines={r.lines} status={r.status} />
      {r.status === "submitted" ? (
        <>
          <ApproveForm lines={r.lines} idempotencyKey={keys.approve} />
          <RejectForm idempotencyKey={keys.reject} />
        </>
      ) : (
        <p role="status" className="mt-4 rounded border-l-4 border-sky-700 bg-sky-50 px-4 py-3">{t("request.notAwaitingReview")}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "request.reviewTitleShort");

export { ErrorBoundary } from "~/components/route-error-boundary";
