import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  // Planners work from the planning dashboard (the whole network); everyone else from their facilities.
  return redirect(user.role === "planner" ? "/planning" : "/facilities");
}
