// /import: a CSV or XLSX file of arrivals or stock receipts, checked row by row, shown, then
// recorded all or nothing (docs/decisions/021-bulk-import.md). Works without JavaScript: the
// upload answers with the errors, or stores the checked file and redirects to its preview.
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, SubmitButton } from "~/components/form";
import { ImportPreview } from "~/components/import-preview";
import { formActor } from "~/lib/commands/actor.server";
import { checkUpload, commitDraft, readDraft, type ImportPreview as Preview } from "~/lib/commands/import-file.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { checkForm, readForm } from "~/lib/form-data.server";
import { importKindsFor, readImportFile, requireImporter } from "~/lib/import-file.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { importKindField, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/lib/schemas/import";
import { redirectWithFlash } from "~/lib/session.server";

const draftIdField = z.string().regex(/^[0-9a-f-]{36}$/, "import.draftGone");
const SIZE = `${MAX_IMPORT_BYTES / 1024 / 1024} MiB`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireImporter(request, context);
  const draftParam = draftIdField.safeParse(new URL(request.url).searchParams.get("draft"));
  const draft = draftParam.success ? await readDraft(getDb(), user, draftParam.data, env().ALBERGUE_TIME_ZONE) : undefined;
  const asked = new URL(request.url).searchParams.has("draft");
  return {
    kinds: importKindsFor(user.role),
    limits: { size: SIZE, rows: MAX_IMPORT_ROWS },
    draft: draft ? { id: draft.id, preview: draft.preview, committedAt: draft.committedAt?.toISOString() ?? null, result: draft.result } : null,
    gone: asked && !draft,
  };
}

type ActionReply = { formErrors?: string[]; preview?: Preview };

const uploadSchema = z.object({
  kind: importKindField,
  file: z.instanceof(File, { message: "import.fileRequired" }).refine((f) => f.size > 0 && f.name !== "", "import.fileRequired"),
});

async function readUpload(request: Request): Promise<FormData | ActionReply> {
  try {
    // Held in memory up to the limit: a file larger than that stops the read with a clear answer.
    return checkForm(await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES })));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { formErrors: [`import.tooLarge?size=${encodeURIComponent(SIZE)}`] };
    if (error instanceof Response || (error && typeof error === "object" && "init" in error)) throw error;
    return { formErrors: ["form.malformed"] };
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireImporter(request, context);
  const multipart = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  const form = multipart ? await readUpload(request) : await readForm(request);
  if (!(form instanceof FormData)) return data(form, { status: 413 });
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const intent = form.get("intent");
  if (intent === "commit") {
    const draftId = draftIdField.safeParse(form.get("draftId"));
    if (!draftId.success) return data<ActionReply>({ formErrors: ["import.draftGone"] }, { status: 404 });
    const outcome = await commitDraft(getDb(), user, formActor(user, context), draftId.data, timeZone);
    if (outcome.status === "gone") return data<ActionReply>({ formErrors: ["import.draftGone"] }, { status: 404 });
    if (outcome.status === "invalid") return data<ActionReply>({ formErrors: ["import.changed"], preview: outcome.preview }, { status: 409 });
    return redirectWithFlash(`/import?draft=${draftId.data}`, {
      kind: "success",
      message: "import.committed",
      params: { created: outcome.created, duplicates: outcome.duplicates },
    });
  }
  if (intent !== "upload") return data<ActionReply>({ formErrors: ["validation.choice"] }, { status: 400 });
  const upload = uploadSchema.safeParse({ kind: form.get("kind"), file: form.get("file") });
  if (!upload.success) return data<ActionReply>({ formErrors: [upload.error.issues[0]!.message] }, { status: 400 });
  const { kind, file } = upload.data;
  if (!importKindsFor(user.role).includes(kind)) return data<ActionReply>({ formErrors: ["validation.choice"] }, { status: 403 });
  const read = await readImportFile(file.name, new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return data<ActionReply>({ formErrors: [read.type ? `${read.problem}?type=${read.type}` : read.problem] }, { status: 400 });
  const fileName = [...file.name].filter((c) => c >= " " && c !== "\u007f").join("").replace(/\p{Cs}/gu, "").slice(0, 200);
  const outcome = await checkUpload(getDb(), user, { kind, fileName, sha256: read.sha256, cells: read.cells }, timeZone);
  if (outcome.status === "drafted") return redirect(`/import?draft=${outcome.draftId}`, 303);
  return data<ActionReply>({ preview: outcome.preview }, { status: outcome.status === "invalid" ? 400 : 200 });
}

export default function ImportPage() {
  const { kinds, limits, draft, gone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  const { t, dateTime } = useI18n();
  const shown = reply?.preview ?? (draft && !reply ? draft.preview : undefined);
  const facilities = draft ? [...new Set(draft.preview.rows.map((r) => r.facility))] : [];
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-bold">{t("import.title")}</h1>
      <p className="mt-2 max-w-prose">{t("import.intro")}</p>
      {gone ? <FormErrors id="import-gone" errors={["import.draftGone"]} /> : null}
      <FormErrors id="import-errors" errors={reply?.formErrors} />
      {draft && !reply ? (
        draft.committedAt ? (
          <div className="mt-4" data-testid="import-committed">
            <p>{t("import.committedAt", { time: dateTime(draft.committedAt) })}</p>
            <ul className="mt-2 flex flex-wrap gap-4">
              {facilities.map((code) => (
                <li key={code}>
                  <Link className="underline" to={draft.preview.kind === "arrivals" ? `/facilities/${code}` : `/facilities/${code}/stock`}>
                    {code}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : draft.preview.records > 0 ? (
          <Form method="post" className="mt-4">
            <input type="hidden" name="draftId" value={draft.id} />
            <SubmitButton intent="commit" pending={t("common.saving")}>
              {t("import.commit")}
            </SubmitButton>
          </Form>
        ) : null
      ) : null}
      {shown ? <ImportPreview preview={shown} committed={Boolean(draft?.committedAt) && !reply} /> : null}
      <Form method="post" encType="multipart/form-data" className="mt-8 space-y-4 rounded border p-4">
        <fieldset>
          <legend className="font-semibold">{t("import.kind")}</legend>
          {kinds.map((kind, index) => (
            <div key={kind} className="mt-2">
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" value={kind} defaultChecked={index === 0} className="h-5 w-5" />
                {t(`import.kind.${kind}`)}
              </label>
              <p className="ml-7 text-sm text-slate-700">{t(`import.columns.${kind}`)}</p>
              <a className="ml-7 text-sm underline" href={`/import/template?kind=${kind}`} download>
                {t("import.template")}
              </a>
            </div>
          ))}
        </fieldset>
        <div>
          <label htmlFor="import-file" className="block font-semibold">
            {t("import.file")}
          </label>
          <input id="import-file" type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required className="mt-1 block" />
          <p className="text-sm text-slate-700">{t("import.fileHint", { size: limits.size, rows: limits.rows })}</p>
        </div>
        <SubmitButton intent="upload" pending={t("common.saving")}>
          {t("import.check")}
        </SubmitButton>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "import.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
