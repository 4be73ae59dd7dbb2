import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { listApiTokens } from "#db/api-tokens.server";
import { facilityIdsByCodes, listFacilityOptions } from "#db/facilities.server";
import { CheckboxGroup, FormErrors, SubmitButton, TextField } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { createApiToken, revokeApiTokenCommand } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requiredText } from "~/lib/schemas/common";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";

// The forms share one action and say which they are in an `intent` field (read before parsing).
const createTokenSchema = z.object({
  name: requiredText(80),
  facilities: z
    .array(z.string().regex(/^[A-Z0-9]{2,8}$/, "validation.choice"), { error: "tokens.facilitiesRequired" })
    .min(1, "tokens.facilitiesRequired")
    .max(200, "validation.tooLong"),
});

const revokeTokenSchema = z.object({
  tokenId: z.number({ error: "validation.required" }).int().positive(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "token:manage");
  const db = getDb();
  const [tokens, facilities] = await Promise.all([listApiTokens(db), listFacilityOptions(db)]);
  return { tokens, facilities: facilities.map(({ code, name }) => ({ code, name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, "token:manage");
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === "revoke") {
    const submission = parseWithZod(formData, { schema: revokeTokenSchema });
    if (submission.status !== "success") return data({ intent: "revoke" as const, result: submission.reply() }, { status: 400 });
    const { tokenId } = submission.value;
    const revoked = await revokeApiTokenCommand(getDb(), formActor(admin, context), tokenId);
    if (!revoked) return redirectWithFlash("/admin/tokens", { kind: "error", message: "tokens.alreadyRevoked" });
    return redirectWithFlash("/admin/tokens", { kind: "success", message: "tokens.revoked", params: { name: revoked.name } });
  }

  const submission = parseWithZod(formData, { schema: createTokenSchema });
  if (submission.status !== "success") return data({ intent: "create" as const, result: submission.reply() }, { status: 400 });
  const { name, facilities: codes } = submission.value;
  const unique = [...new Set(codes)];
  const found = await facilityIdsByCodes(getDb(), unique);
  if (found.length !== unique.length) {
    return data(
      { intent: "create" as const, result: submission.reply({ fieldErrors: { facilities: ["validation.choice"] } }) },
      { status: 400 },
    );
  }
  const created = await createApiToken(getDb(), formActor(admin, context), { name, facilities: found });
  // Shown once, in this response only: it is not stored anywhere it could be read back.
  return {
    intent: "create" as const,
    result: submission.reply({ resetForm: true }),
    created: { id: created.id, name, token: created.token },
  };
}

export default function ApiTokens() {
  const { tokens, facilities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime, relative } = useI18n();
  const navigation = useNavigation();
  const createResult = actionData?.intent === "create" ? actionData.result : undefined;
  const created = actionData && "created" in actionData ? actionData.created : undefined;
  const [form, fields] = useForm({
    id: "create-token",
    lastResult: createResult,
    constraint: getZodConstraint(createTokenSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createTokenSchema }),
  });
  const revokingId = navigation.formData?.get("intent") === "revoke" ? navigation.formData.get("tokenId") : null;

  return (
    <div>
      <PageHeader title={t("tokens.title")} />
      <p className="max-w-3xl text-slate-700">{t("tokens.intro")}</p>

      {created ? (
        <section
          role="status"
          aria-labelledby="new-token-title"
          className="mt-6 max-w-3xl rounded-lg border-4 border-amber-500 bg-amber-50 p-4 text-amber-950"
        >
          <h2 id="new-token-title" className="text-lg font-bold">
            {t("tokens.createdTitle", { name: created.name })}
          </h2>
          <p className="mt-1">{t("tokens.createdOnce")}</p>
          <p className="mt-3 text-sm font-medium">{t("tokens.tokenLabel")}</p>
          <code
            data-testid="new-token"
            className="mt-1 block select-all break-all rounded border border-amber-700 bg-white px-3 py-2 font-mono text-base"
          >
            {created.token}
          </code>
        </section>
      ) : null}

      <DataTable
        className="mt-6"
        isEmpty={tokens.length === 0}
        empty={t("tokens.empty")}
        columns={[
          { label: t("tokens.name") },
          { label: t("tokens.facilities") },
          { label: t("tokens.createdAt") },
          { label: t("tokens.lastUsedAt") },
          { label: t("tokens.status") },
          { label: t("common.actions") },
        ]}
      >
        {tokens.map((token) => (
          <tr key={token.id} className="border-t border-slate-200 align-top">
            <td className="px-3 py-2 font-medium">{token.name}</td>
            <td className="px-3 py-2 font-mono">{token.facilityCodes.join(", ") || "—"}</td>
            <td className="whitespace-nowrap px-3 py-2">
              {token.createdByName
                ? t("tokens.createdBy", { when: dateTime(token.createdAt), name: token.createdByName })
                : dateTime(token.createdAt)}
            </td>
            <td className="whitespace-nowrap px-3 py-2">
              {token.lastUsedAt ? (
                <time dateTime={new Date(token.lastUsedAt).toISOString()} title={dateTime(token.lastUsedAt)}>
                  {relative(token.lastUsedAt)}
                </time>
              ) : (
                t("tokens.never")
              )}
            </td>
            <td className="whitespace-nowrap px-3 py-2">
              {token.revokedAt ? (
                <span className="text-red-800">{t("tokens.revokedOn", { when: dateTime(token.revokedAt) })}</span>
              ) : (
                <span className="text-emerald-800">{t("tokens.active")}</span>
              )}
            </td>
            <td className="px-3 py-2">
              {token.revokedAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button
                    type="submit"
                    aria-label={t("tokens.revokeLabel", { name: token.name })}
                    disabled={revokingId === String(token.id)}
                    className="rounded border border-red-700 px-3 py-1 font-semibold text-red-800 hover:bg-red-50 disabled:cursor-wait disabled:opacity-70"
                  >
                    {revokingId === String(token.id) ? t("tokens.revoking") : t("tokens.revoke")}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>

      <section aria-labelledby="new-token-form" className="mt-8 max-w-3xl">
        <h2 id="new-token-form" className="text-xl font-semibold">
          {t("tokens.newTitle")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-6 rounded-lg bg-white p-6 shadow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <TextField meta={fields.name} label={t("tokens.name")} hint={t("tokens.nameHint")} autoComplete="off" />
          <CheckboxGroup
            meta={fields.facilities}
            legend={t("tokens.facilities")}
            options={facilities.map((f) => ({ value: f.code, label: `${f.code} · ${f.name}` }))}
          />
          <SubmitButton intent="create" pending={t("tokens.creating")}>
            {t("tokens.create")}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tokens.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
