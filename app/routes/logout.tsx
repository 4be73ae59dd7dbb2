import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { appendAudit } from "#db/audit.server";
import { getDb } from "~/lib/db.server";
import { endSession, getOptionalUser, redirectWithFlash } from "~/lib/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const cleared = await endSession(request);
  if (user) {
    await appendAudit(
      getDb(),
      { userId: user.id, requestId: context.requestId, ipAddress: context.clientAddress },
      { action: "logout", entity: "session", entityId: user.id },
    );
  }
  return redirectWithFlash("/login", { kind: "info", message: "logout.done" }, [cleared]);
}
