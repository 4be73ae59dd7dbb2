// The deployment's calendar: time.ts computed in the one time zone the server is configured for.
// Kept apart from time.ts because it reads the environment, which the browser never sees.
import { env } from "./env.server";
import { zonedDay } from "./time";

/** The calendar day of an instant in the deployment's time zone (the roll-ups' day). */
export function dayOf(instant: Date): string {
  return zonedDay(instant, env().ALBERGUE_TIME_ZONE);
}
