import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { countNormsByItem, listItems } from "#db/catalogue.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";
import { ButtonLink } from "~/components/ui/button";

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
      <PageHeader title={t("itemAdmin.title")} actions={<ButtonLink to="/admin/items/new">{t("itemAdmin.new")}</ButtonLink>} />
      <p className="mt-1 max-w-3xl text-slate-700">{t("itemAdmin.intro")}</p>
      <DataTable
        className="mt-6"
        caption={t("itemAdmin.title")}
        columns={[
          { label: t("itemAdmin.code") },
          { label: t("itemAdmin.name") },
          { label: t("itemAdmin.category") },
          { label: t("itemAdmin.unit") },
          { label: t("itemAdmin.lotTrackedShort") },
          { label: t("itemAdmin.expiresShort") },
          { label: t("itemAdmin.coldChainShort") },
          { label: t("itemAdmin.normCount"), numeric: true },
          { label: t("itemAdmin.status") },
        ]}
      >
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
      </DataTable>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "itemAdmin.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
