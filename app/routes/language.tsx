import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { setLanguage } from "~/lib/commands/accounts.server";
import { getDb } from "~/lib/db.server";
import { locales } from "~/lib/i18n";
import { getOptionalUser, languageCookie } from "~/lib/session.server";
import { readForm } from "~/lib/form-data.server";

export async function loader() {
  return redirect("/");
}

const languageSchema = z.object({
  language: z.enum(locales),
  redirectTo: z.string().max(2000).optional(),
});

/** Works signed in (saved on the account) and signed out (a cookie), with or without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = languageSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return redirect("/");
  const { language, redirectTo } = parsed.data;
  const user = await getOptionalUser(request, context);
  if (user && user.preferredLanguage !== language) {
    await setLanguage(getDb(), formActor(user, context), user, language);
  }
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(language) },
  });
}
