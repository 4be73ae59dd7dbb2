import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listUsers } from "#db/users.server";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { useI18n } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DataTable } from "~/components/ui/data-table";
import { PageHeader } from "~/components/ui/page-header";
import { ButtonLink } from "~/components/ui/button";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "user:manage");
  return { users: await listUsers(getDb()) };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t("users.title")} actions={<ButtonLink to="/admin/users/new">{t("users.new")}</ButtonLink>} />
      <DataTable
        className="mt-6"
        columns={[
          { label: t("user.displayName") },
          { label: t("user.email") },
          { label: t("user.role") },
          { label: t("user.facilities") },
          { label: t("user.status") },
        ]}
      >
        {users.map((user) => (
          <tr key={user.id} className="border-t border-slate-200">
            <td className="px-3 py-2">
              <Link to={`/admin/users/${user.id}`} className="font-medium text-brand-700 underline">
                {user.displayName}
              </Link>
            </td>
            <td className="px-3 py-2 font-mono">{user.email}</td>
            <td className="px-3 py-2">{t(`role.${user.role}`)}</td>
            <td className="px-3 py-2">{user.facilityCodes.join(", ") || "—"}</td>
            <td className="px-3 py-2">{user.active ? t("user.statusActive") : t("user.statusInactive")}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");

export { ErrorBoundary } from "~/components/route-error-boundary";
