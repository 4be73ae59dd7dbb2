import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField, type AnyField } from "~/components/form";
import { allGroups } from "~/lib/domain/population";
import { isMessageKey, useI18n } from "~/lib/i18n";
import {
  DEFAULT_LEAD_TIME_DAYS,
  DEFAULT_SAFETY_STOCK_DAYS,
  itemCategories,
  itemSchema,
  normTargets,
  openVialRules,
} from "~/lib/schemas/stockops";
import { useHydrated } from "~/lib/use-hydrated";
import { DataTable } from "~/components/ui/data-table";

// ---------------------------------------------------------------------------------------
// The item form of the catalogue admin (create and edit).

export type ItemFormDefaults = z.input<typeof itemSchema>;

/** The form's starting values: every norm target and every facility has a row. */
export function itemFormDefaults(
  facilities: { id: number; code: string }[],
  item?: Partial<Record<keyof ItemFormDefaults, unknown>> & { code: string },
  norms: { target: string; perPersonDay: number; source: string }[] = [],
  settings: { facilityId: number; leadTimeDays: number; safetyStockDays: number }[] = [],
) {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    code: item?.code ?? "",
    nameEs: text(item?.nameEs),
    nameEn: text(item?.nameEn),
    category: text(item?.category ?? "food"),
    unit: text(item?.unit),
    lotTracked: item ? Boolean(item.lotTracked) : true,
    expires: item ? Boolean(item.expires) : true,
    coldChain: item ? Boolean(item.coldChain) : false,
    storageMinC: text(item?.storageMinC),
    storageMaxC: text(item?.storageMaxC),
    dosesPerVial: text(item?.dosesPerVial),
    openVialRule: text(item?.openVialRule),
    wastageRate: text(item?.wastageRate),
    active: item ? Boolean(item.active) : true,
    norms: normTargets.map((target) => {
      const norm = norms.find((n) => n.target === target);
      return { target, perPersonDay: norm ? String(norm.perPersonDay) : "", source: norm?.source ?? "" };
    }),
    settings: facilities.map((f) => {
      const setting = settings.find((s) => s.facilityId === f.id);
      return {
        facility: f.code,
        leadTimeDays: String(setting?.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS),
        safetyStockDays: String(setting?.safetyStockDays ?? DEFAULT_SAFETY_STOCK_DAYS),
      };
    }),
  };
}

function CellInput({ meta, label, width = "w-24", step }: { meta: AnyField; label: string; width?: string; step?: string }) {
  const { tMaybe } = useI18n();
  const props = getInputProps(meta, { type: step ? "number" : "text", ariaDescribedBy: meta.errors?.length ? meta.errorId : undefined });
  return (
    <>
      <label htmlFor={meta.id} className="sr-only">
        {label}
      </label>
      <input
        {...props}
        key={props.key}
        step={step}
        inputMode={step ? "decimal" : undefined}
        className={`block ${width} rounded border border-slate-400 bg-white px-2 py-1 text-base aria-[invalid=true]:border-red-700`}
      />
      {meta.errors?.length ? (
        <ul id={meta.errorId} className="mt-1 text-sm text-red-800">
          {meta.errors.map((error: string) => (
            <li key={error}>{tMaybe(error)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function ItemForm({
  mode,
  lastResult,
  defaultValue,
  facilities,
}: {
  mode: "create" | "update";
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: ReturnType<typeof itemFormDefaults>;
  facilities: { code: string; name: string }[];
}) {
  const { t } = useI18n();
  const [form, fields] = useForm<ItemFormDefaults, z.output<typeof itemSchema>>({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(itemSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: itemSchema }),
  });
  // Cold-chain and vaccine fields all render without JavaScript; with it, only those that apply.
  const hydrated = useHydrated();
  const current = (hydrated ? (form.value ?? {}) : {}) as { category?: string; coldChain?: string };
  const category = current.category ?? defaultValue.category;
  const coldChain = current.coldChain === "on";
  const targetLabel = (target: string) => {
    if ((allGroups as readonly string[]).includes(target)) {
      const key = `group.${target}`;
      if (isMessageKey(key)) return t(key);
    }
    const key = `itemAdmin.target.${target}`;
    return isMessageKey(key) ? t(key) : target;
  };
  const names = new Map(facilities.map((f) => [f.code, f.name]));
  return (
    <Form method="post" {...getFormProps(form)} className="mt-6 space-y-8 rounded-lg bg-white p-4 shadow sm:p-6">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-4 md:grid-cols-2">
        {mode === "create" ? (
          <TextField meta={fields.code} label={t("itemAdmin.code")} hint={t("itemAdmin.codeHint")} autoComplete="off" />
        ) : (
          <input type="hidden" name={fields.code.name} value={defaultValue.code} />
        )}
        <SelectField
          meta={fields.category}
          label={t("itemAdmin.category")}
          options={itemCategories.map((c) => ({ value: c, label: t(`itemAdmin.category.${c}`) }))}
        />
        <TextField meta={fields.nameEs} label={t("itemAdmin.nameEs")} autoComplete="off" />
        <TextField meta={fields.nameEn} label={t("itemAdmin.nameEn")} autoComplete="off" />
        <TextField meta={fields.unit} label={t("itemAdmin.unit")} hint={t("itemAdmin.unitHint")} autoComplete="off" />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold">{t("itemAdmin.tracking")}</legend>
        <CheckboxField meta={fields.lotTracked} label={t("itemAdmin.lotTracked")} />
        <CheckboxField meta={fields.expires} label={t("itemAdmin.expires")} />
        <CheckboxField meta={fields.coldChain} label={t("itemAdmin.coldChain")} />
        <div className={`grid gap-4 sm:grid-cols-2 ${!hydrated || coldChain ? "" : "hidden"}`}>
          <TextField meta={fields.storageMinC} label={t("itemAdmin.storageMinC")} type="number" step="any" inputMode="decimal" />
          <TextField meta={fields.storageMaxC} label={t("itemAdmin.storageMaxC")} type="number" step="any" inputMode="decimal" />
        </div>
        {mode === "update" ? <CheckboxField meta={fields.active} label={t("itemAdmin.active")} /> : <input type="hidden" name={fields.active.name} value="on" />}
      </fieldset>
      <fieldset className={!hydrated || category === "vaccine" ? "space-y-3" : "hidden"}>
        <legend className="text-lg font-semibold">{t("itemAdmin.vaccine")}</legend>
        <p className="text-sm text-slate-700">{t("itemAdmin.vaccineHint")}</p>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField meta={fields.dosesPerVial} label={t("itemAdmin.dosesPerVial")} type="number" inputMode="numeric" />
          <SelectField
            meta={fields.openVialRule}
            label={t("itemAdmin.openVialRule")}
            options={[
              { value: "", label: t("itemAdmin.openVialRulePlaceholder") },
              ...openVialRules.map((r) => ({ value: r, label: t(`itemAdmin.openVialRule.${r}`) })),
            ]}
          />
          <TextField meta={fields.wastageRate} label={t("itemAdmin.wastageRate")} hint={t("itemAdmin.wastageHint")} type="number" step="any" inputMode="decimal" />
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-lg font-semibold">{t("itemAdmin.norms")}</legend>
        <p className="text-sm text-slate-700">{t("itemAdmin.normsHint")}</p>
        <DataTable
          className="mt-2"
          card={false}
          columns={[
            { label: t("itemAdmin.target") },
            { label: t("itemAdmin.perPersonDay") },
            { label: t("itemAdmin.source") },
          ]}
        >
          {fields.norms.getFieldList().map((row, index) => {
            const norm = row.getFieldset();
            const target = defaultValue.norms[index]?.target ?? "";
            const label = targetLabel(target);
            return (
              <tr key={row.key} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  {label}
                  <input type="hidden" name={norm.target.name} value={target} />
                </th>
                <td className="px-3 py-2">
                  <CellInput meta={norm.perPersonDay} label={t("itemAdmin.perPersonDayFor", { target: label })} step="any" />
                </td>
                <td className="px-3 py-2">
                  <CellInput meta={norm.source} label={t("itemAdmin.sourceFor", { target: label })} width="w-full min-w-48" />
                </td>
              </tr>
            );
          })}
        </DataTable>
      </fieldset>
      {facilities.length ? (
        <fieldset>
          <legend className="text-lg font-semibold">{t("itemAdmin.settings")}</legend>
          <p className="text-sm text-slate-700">{t("itemAdmin.settingsHint", { lead: DEFAULT_LEAD_TIME_DAYS, safety: DEFAULT_SAFETY_STOCK_DAYS })}</p>
          <DataTable
            className="mt-2"
            card={false}
            columns={[
              { label: t("itemAdmin.facility") },
              { label: t("itemAdmin.leadTimeDays") },
              { label: t("itemAdmin.safetyStockDays") },
            ]}
          >
            {fields.settings.getFieldList().map((row, index) => {
              const setting = row.getFieldset();
              const code = defaultValue.settings[index]?.facility ?? "";
              const place = `${code} · ${names.get(code) ?? ""}`;
              return (
                <tr key={row.key} className="border-t border-slate-200 align-top">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {place}
                    <input type="hidden" name={setting.facility.name} value={code} />
                  </th>
                  <td className="px-3 py-2">
                    <CellInput meta={setting.leadTimeDays} label={t("itemAdmin.leadTimeDaysAt", { facility: place })} step="1" />
                  </td>
                  <td className="px-3 py-2">
                    <CellInput meta={setting.safetyStockDays} label={t("itemAdmin.safetyStockDaysAt", { facility: place })} step="1" />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </fieldset>
      ) : null}
      <SubmitButton pending={t("common.saving")}>{t("common.save")}</SubmitButton>
    </Form>
  );
}

// ---------------------------------------------------------------------------------------
// The route: a new item.

