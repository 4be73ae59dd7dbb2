import type { SessionUser } from "#db/users.server";
import { CONFIRM_REPEAT_FIELD } from "./population.server";
import { env } from "./env.server";
import { makeI18n, messageWithParams, type I18n, type MessageKey, type MessageParams } from "./i18n";
import { resolveLocale } from "./session.server";

/** Whether the person ticked "yes, this is another one" on the form's twin question. */
export function repeatConfirmed(formData: FormData): boolean {
  return formData.get(CONFIRM_REPEAT_FIELD) === "yes";
}

/**
 * The question a stock or dose form asks before writing a twin of what the same person recorded
 * minutes ago (decision 016), as a form error `key?params`. What was recorded is described on the
 * server, in the person's language, because it names items and lots the message cannot translate
 * by itself; its time is on the facilities' clock, like every time the app shows (intl.ts).
 */
export async function twinQuestion(
  request: Request,
  user: SessionUser,
  key: MessageKey,
  recordedAt: Date,
  describe: (i18n: I18n) => MessageParams,
  now = Date.now(),
): Promise<string> {
  const i18n = makeI18n(await resolveLocale(request, user), env().ALBERGUE_TIME_ZONE);
  const minutes = Math.max(0, Math.floor((now - recordedAt.getTime()) / 60_000));
  return messageWithParams(key, { minutes, time: i18n.dateTime(recordedAt, { timeStyle: "short" }), ...describe(i18n) });
}
