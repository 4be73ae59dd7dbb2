import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { countNormsByItem, listItems } from "#db/catalogue.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "catalogue:manage");
  const db = getDb();
  const [items, norms] = await Promise.all([listItems(db), countNormsByItem(db)]);
  return { items: items.map((item) => ({ ...item, norms: norms.get(item.id) ?? 0 })) };
}

export default function Items() {
  const { items } = useLoaderData<typeof loader>();
  const { t, number, locale } = useI18n();
  const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">{t("itemAdmin.title")}</h1>
        <Link to="/admin/items/new" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          {t("itemAdmin.new")}
        </Link>
      </div>
      <p className="mt-1 max-w-3xl text-slate-700">{t("itemAdmin.intro")}</p>
      <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow focus-visible:outline-2 focus-visible:outline-brand-700" tabIndex={0}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("itemAdmin.title")}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.code")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.name")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.category")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.unit")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.lotTrackedShort")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.expiresShort")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.coldChainShort")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("itemAdmin.normCount")}</th>
              <th scope="col" className="px-3 py-2">{t("itemAdmin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-mono font-medium">
                  <Link to={`/admin/items/${item.code}`} className="text-brand-700 underline">
                    {item.code}
                  </Link>
                </th>
                <td className="px-3 py-2">{locale === "en" ? item.nameEn : item.nameEs}</td>
                <td className="px-3 py-2">{t(`itemAdmin.category.${item.category}`)}</td>
                <td className="px-3 py-2">{item.unit}</td>
                <td className="px-3 py-2">{yesNo(item.lotTracked)}</td>
                <td className="px-3 py-2">{yesNo(item.expires)}</td>
                <td className="px-3 py-2">
                  {item.coldChain && item.storageMinC !== null && item.storageMaxC !== null
                    ? t("itemAdmin.storageRange", { min: number(item.storageMinC), max: number(item.storageMaxC) })
                    : yesNo(item.coldChain)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{number(item.norms)}</td>
                <td className="px-3 py-2">{item.active ? t("itemAdmin.statusActive") : t("itemAdmin.statusInactive")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "itemAdmin.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
