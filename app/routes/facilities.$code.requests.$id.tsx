import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getRequest } from "#db/requests.server";
import { closeAction, submitAction, type RequestActionArgs } from "~/components/requests/request-actions.server";
import { RequestHistory, RequestLines, RequestSteps, StatusBadge } from "~/components/requests/request-parts";
import { FormErrors, SubmitButton } from "~/components/form";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { getDb } from "~/lib/db.server";
import { readForm } from "~/lib/form-data.server";
import { useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { can } from "~/lib/permissions";
import { idOf } from "~/lib/schemas/common";
import { closeRequestSchema, submitRequestSchema } from "~/lib/schemas/requests";
import { dayOf } from "~/lib/time.server";

const requestIdOf = (param: string | undefined) => idOf(param) ?? notFound();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "stock:view");
  const found = await getRequest(getDb(), facility.id, requestIdOf(params.id));
  if (!found) notFound();
  const raise = can(user.role, "request:raise");
  const { id, status, emergency, neededBy, notes, createdAt, submittedAt, receivedAt, shipmentId, leadTimeDays, supplierCode, supplierName, lines, events } = found;
  return {
    facility: { code: facility.code, name: facility.name },
    request: { id, status, emergency, neededBy, notes, createdAt, submittedAt, receivedAt, shipmentId, leadTimeDays, supplierCode, supplierName, lines, events },
    may: {
      submit: raise && status === "draft",
      close: raise && status === "received",
      review: can(user.role, "request:approve") && status === "submitted",
      receive: can(user.role, "stock:record") && status === "shipped" && shipmentId !== null,
    },
    keys: { submit: crypto.randomUUID(), close: crypto.randomUUID() },
  };
}

const intents = ["submit", "close"] as const;

/** The requester's forms: submit a draft, close a request received in part. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "request:raise");
  const db = getDb();
  const requestId = requestIdOf(params.id);
  if (!(await getRequest(db, facility.id, requestId))) notFound();
  const formData = await readForm(request);
  const args: RequestActionArgs = { formData, db, actor: formActor(user, context), facility: { id: facility.id, code: facility.code }, requestId, today: dayOf(new Date()) };
  switch (readIntent(formData, intents)) {
    case "submit":
      return submitAction(args);
    case "close":
      return closeAction(args);
  }
}

function SubmitForm({ idempotencyKey, emergency }: { idempotencyKey: string; emergency: boolean }) {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: "submit-request", lastResult: resultFor(actionData, "submit"), onValidate: ({ formData }) => parseWithZod(formData, { schema: submitRequestSchema }) });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 rounded bg-white p-4 shadow">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <p className="mb-2 text-sm text-slate-700">{t(emergency ? "request.submitHintEmergency" : "request.submitHint")}</p>
      <SubmitButton intent="submit" pending={t("request.saving")}>
        {t("request.submit")}
      </SubmitButton>
    </Form>
  );
}

function CloseForm({ idempotencyKey }: { idempotencyKey: string }) {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "close-request", lastResult: resultFor(actionData, "close"), onValidate: ({ formData }) => parseWithZod(formData, { schema: closeRequestSchema }) });
  const reason = getTextareaProps(fields.reason);
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 rounded bg-white p-4 shadow">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <label htmlFor={fields.reason.id} className="block text-sm font-medium">{t("request.closeReason")}</label>
      <textarea {...reason} key={reason.key} rows={2} className="mt-1 w-full rounded border border-slate-400 px-3 py-2" />
      <SubmitButton intent="close" pending={t("request.saving")}>{t("request.close")}</SubmitButton>
    </Form>
  );
}

export default function RequestPage() {
  const { facility, request: r, may, keys } = useLoaderData<typeof loader>();
  const { t, day, dateTime } = useI18n();
  const missing = r.lines.filter((l) => l.approved !== null && l.picked !== null && l.picked < l.approved);
  return (
    <div className="max-w-4xl">
      <p className="text-sm">
        <Link to={`/facilities/${facility.code}/requests`} className="text-brand-700 underline">{t("request.backToList")}</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t("request.number", { id: r.id })} <StatusBadge status={r.status} />
      </h1>
      <p className="text-slate-700">
        {t("request.header", { facility: facility.name, supplier: `${r.supplierName} (${r.supplierCode})`, date: day(r.neededBy) })}
        {r.emergency ? <span className="ml-2 font-semibold text-red-800">{t("request.emergency")}</span> : null}
      </p>
      <RequestSteps status={r.status} />
      {missing.length > 0 ? (
        <p role="status" className="mt-3 rounded border-l-4 border-red-700 bg-red-50 px-4 py-2 text-sm text-red-950" data-testid="short-picks">
          {t("request.shortNotice", { count: missing.length })}
        </p>
      ) : null}
      {r.leadTimeDays !== null ? <p className="mt-2 text-sm">{t("request.realLeadTime", { days: r.leadTimeDays })}</p> : null}
      {r.submittedAt ? <p className="text-sm text-slate-700">{t("request.submittedAt", { when: dateTime(r.submittedAt, { dateStyle: "medium", timeStyle: "short" }) })}</p> : null}
      <section aria-labelledby="lines" className="mt-4">
        <h2 id="lines" className="text-lg font-semibold">{t("request.lines")}</h2>
        <RequestLines lines={r.lines} status={r.status} />
      </section>
      {r.notes ? <p className="mt-2 whitespace-pre-wrap text-sm">{r.notes}</p> : null}
      {may.submit ? <SubmitForm idempotencyKey={keys.submit} emergency={r.emergency} /> : null}
      {may.review ? (
        <p className="mt-4">
          <Link to={`/facilities/${facility.code}/requests/review/${r.id}`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("request.review")}
          </Link>
        </p>
      ) : null}
      {may.receive ? (
        <p className="mt-4">
          <Link to={`/facilities/${facility.code}/stock/shipments/${r.shipmentId}/receive`} className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t("request.receive")}
          </Link>
        </p>
      ) : null}
      {may.close ? <CloseForm idempotencyKey={keys.close} /> : null}
      <section aria-labelledby="history" className="mt-6">
        <h2 id="history" className="text-lg font-semibold">{t("request.history")}</h2>
        <RequestHistory events={r.events} />
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "request.number", { id: data?.request.id ?? "" });

export { ErrorBoundary } from "~/components/route-error-boundary";
