import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { formActor } from "~/lib/commands/actor.server";
import { recordSession } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { endSession, getOptionalUser, redirectWithFlash } from "~/lib/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const cleared = await endSession(request);
  if (user) {
    await recordSession(getDb(), formActor(user, context), "logout");
  }
  return redirectWithFlash("/login", { kind: "info", message: "logout.done" }, [cleared]);
}
