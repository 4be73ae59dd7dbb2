import type { AppLoadContext } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { getCensus } from "#db/census.server";
import { requireFacility } from "./auth.server";
import { getDb } from "./db.server";
import { env } from "./env.server";
import { zonedDateTimeLocal } from "./time";

/**
 * What every recording form's loader needs: the facility (403 outside the user's facilities
 * or without 'population:record'), a fresh idempotency key for this rendering of the form,
 * the local time now, and the census.
 */
export async function loadRecordingForm(request: Request, context: AppLoadContext, code: string | undefined) {
  const { user, facility } = await requireFacility(request, context, code, "population:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const { counts } = await getCensus(getDb(), facility.id);
  return {
    user,
    facility,
    timeZone,
    present: counts,
    defaults: { idempotencyKey: randomUUID(), occurredAt: zonedDateTimeLocal(new Date(), timeZone) },
  };
}
