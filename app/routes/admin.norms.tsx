import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listNorms } from "#db/norms.server";
import { FormErrors, SubmitButton } from "~/components/form";
import { requirePermission } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { updateNorms } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isMessageKey, useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { redirectWithFlash } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";
import { DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";

interface NormShape {
  key: string;
  unit: string;
}

function numberError(issue: { input?: unknown }) {
  return issue.input === undefined ? "validation.required" : "validation.number";
}

/** Every norm is a positive number; shares of capacity (unit "ratio") lie in (0, 2]. */
function normField(norm: NormShape) {
  const positive = z.number({ error: numberError }).gt(0, "norms.positive");
  if (norm.unit === "ratio") return positive.max(2, "norms.ratioRange");
  if (norm.key === "stale_after_hours") return positive.max(24 * 30, "validation.tooLarge");
  if (norm.key === "alert_digest_hour") return positive.int("validation.wholeNumber").max(23, "validation.tooLarge");
  // Counts under this are shown as "< n" in care aggregates (decision 015): a whole number of people.
  if (norm.key === "small_cell_norm") return positive.int("validation.wholeNumber").min(2, "norms.smallCellRange").max(50, "norms.smallCellRange");
  // The planning level: the median (0.5) or the upper edge of the 80 % or 95 % band (decision 013).
  if (norm.key === "planning_level") return positive.refine((v) => v === 0.5 || v === 0.8 || v === 0.95, "norms.planningLevelRange");
  // The forecast is fitted and calibrated for 1 to 28 days ahead (app/lib/domain/forecast.ts).
  if (norm.key === "forecast_horizon_days" || norm.key === "saturation_alert_days") {
    return positive.int("validation.wholeNumber").max(28, "validation.tooLarge");
  }
  if (norm.unit === "days" || norm.unit === "people/bus") return positive.max(365, "validation.tooLarge");
  return positive.max(1_000_000, "validation.tooLarge");
}

/** One field per norm, named by its key; the same schema validates in the browser and here. */
export function normsSchema(norms: readonly NormShape[]) {
  return z
    .object(Object.fromEntries(norms.map((n) => [n.key, normField(n)])) as Record<string, ReturnType<typeof normField>>)
    .superRefine((values, ctx) => {
      const warning = values.occupancy_warning;
      const saturated = values.occupancy_saturated;
      if (warning !== undefined && saturated !== undefined && warning >= saturated) {
        ctx.addIssue({ code: "custom", path: ["occupancy_warning"], message: "norms.warningBelowSaturated" });
      }
    });
}

// Capacity norms first, in the order of the formula, then the thresholds; any other norm after them.
const displayOrder = [
  "covered_area_per_person",
  "water_per_person_day",
  "people_per_toilet",
  "people_per_toilet_first_phase",
  "occupancy_warning",
  "occupancy_saturated",
  "stale_after_hours",
  "forecast_horizon_days",
  "planning_level",
  "saturation_alert_days",
  "length_of_stay_window_days",
  "default_length_of_stay_days",
  "bus_size",
  "review_period_days",
  "small_cell_norm",
];
const rank = (key: string) => (displayOrder.includes(key) ? displayOrder.indexOf(key) : displayOrder.length);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "norms:manage");
  const norms = await listNorms(getDb());
  return {
    norms: norms.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key)),
    timeZone: env().ALBERGUE_TIME_ZONE,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "norms:manage");
  const db = getDb();
  const norms = await listNorms(db);
  const submission = parseWithZod(await readForm(request), { schema: normsSchema(norms) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const changed = norms.filter((n) => submission.value[n.key] !== undefined && submission.value[n.key] !== n.value);
  if (changed.length === 0) {
    return redirectWithFlash("/admin/norms", { kind: "info", message: "norms.unchanged" });
  }
  await updateNorms(
    db,
    formActor(user, context),
    changed.map((norm) => ({ key: norm.key, before: norm.value, value: submission.value[norm.key]! })),
  );
  return redirectWithFlash("/admin/norms", {
    kind: "success",
    message: "norms.updated",
    params: { count: changed.length },
  });
}

export default function Norms() {
  const { norms, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const { t, dateTime, tMaybe } = useI18n();
  const schema = normsSchema(norms);
  const [form, fields] = useForm<Record<string, number>>({
    lastResult,
    defaultValue: Object.fromEntries(norms.map((n) => [n.key, n.value])),
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const label = (key: string, kind: "name" | "unit" | "hint", fallback: string) => {
    const messageKey = `norms.${kind}.${key}`;
    return isMessageKey(messageKey) ? t(messageKey) : fallback;
  };
  return (
    <div>
      <PageHeader title={t("norms.title")} />
      <p className="mt-1 max-w-3xl text-slate-700">{t("norms.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <DataTable
          caption={t("norms.title")}
          columns={[
            { label: t("norms.norm") },
            { label: t("norms.value") },
            { label: t("norms.unit") },
            { label: t("norms.source") },
            { label: t("norms.updatedAt") },
          ]}
        >
          {norms.map((norm) => {
            const field = fields[norm.key]!;
            const hint = label(norm.key, "hint", "");
            const hintId = `${field.id}-hint`;
            const props = getInputProps(field, {
              type: "number",
              ariaDescribedBy: [hint ? hintId : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined,
            });
            return (
              <tr key={norm.key} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  <label htmlFor={field.id}>{label(norm.key, "name", norm.key)}</label>
                  <span className="block font-mono text-xs font-normal text-slate-700">{norm.key}</span>
                </th>
                <td className="px-3 py-2">
                  <input
                    {...props}
                    key={props.key}
                    step="any"
                    inputMode="decimal"
                    className="block w-32 rounded border border-slate-400 bg-white px-2 py-1 text-base tabular-nums aria-[invalid=true]:border-red-700"
                  />
                  {hint ? (
                    <p id={hintId} className="mt-1 text-xs text-slate-700">
                      {hint}
                    </p>
                  ) : null}
                  {field.errors?.length ? (
                    <ul id={field.errorId} className="mt-1 text-sm text-red-800">
                      {field.errors.map((error) => (
                        <li key={error}>{tMaybe(error)}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="px-3 py-2">{label(norm.key, "unit", norm.unit)}</td>
                <td className="px-3 py-2">{norm.source}</td>
                <td className="whitespace-nowrap px-3 py-2">{dateTime(norm.updatedAt, { dateStyle: "medium", timeStyle: "short", timeZone })}</td>
              </tr>
            );
          })}
        </DataTable>
        <div className="mt-4">
          <SubmitButton pending={t("common.saving")}>{t("common.save")}</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "norms.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
