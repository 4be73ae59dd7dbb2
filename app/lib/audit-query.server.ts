import { getFacilityByCode } from "#db/facilities.server";
import type { AuditFilters } from "#db/audit.server";
import { getDb } from "./db.server";
import { env } from "./env.server";
import { auditFilterSchema, type AuditFilterInput } from "./schemas/audit";
import { addDays, startOfZonedDay } from "./time";

/** Reads the audit filters from a URL; invalid values are dropped rather than failing the page. */
export async function auditFiltersFromUrl(url: URL): Promise<{ input: AuditFilterInput; filters: AuditFilters }> {
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  const input: AuditFilterInput = parsed.success ? parsed.data : {};
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const facility = input.facility ? await getFacilityByCode(getDb(), input.facility) : undefined;
  const filters: AuditFilters = {
    userId: input.user,
    // A facility code that does not exist matches nothing rather than everything.
    facilityId: input.facility ? (facility?.id ?? -1) : undefined,
    entity: input.entity,
    from: input.from ? startOfZonedDay(input.from, timeZone) : undefined,
    // "To" is inclusive of the whole day.
    to: input.to ? new Date(startOfZonedDay(addDays(input.to, 1), timeZone).getTime() - 1) : undefined,
  };
  return { input, filters };
}
