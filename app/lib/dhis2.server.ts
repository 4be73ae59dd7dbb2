// The DHIS2 connection and the data value sets of a period (decision 027). The server's address
// and credentials come from the environment only: they are never stored, shown, audited or
// logged (the request's Authorization header is built here and goes nowhere else).
import { z } from "zod";
import type { Db } from "#db/types";
import { getDhis2Settings, indicatorValues, listMappings, listOrgUnits, type PeriodWindow, type PushResult } from "#db/dhis2.server";
import { buildDataValueSet, importParams, parseImportSummary, periodOf, type DataValueSet, type Period } from "./domain/dhis2";
import { env } from "./env.server";
import { addDays, startOfZonedDay, zonedDay } from "./time";

const configSchema = z.object({
  DHIS2_URL: z
    .string()
    .url()
    // Credentials go in their own variables, where they cannot end up in a logged URL.
    .refine((u) => !new URL(u).username && !new URL(u).password, "put the credentials in DHIS2_USERNAME/DHIS2_PASSWORD or DHIS2_TOKEN")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DHIS2_USERNAME: z.string().optional(),
  DHIS2_PASSWORD: z.string().optional(),
  DHIS2_TOKEN: z.string().optional(),
  DHIS2_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
});

export interface Dhis2Connection {
  /** The base URL, ending in "/" (DHIS2 is often served under a path, such as /dhis). */
  baseUrl: string;
  /** How it signs in, for the pages (never the secret itself). */
  auth: "token" | "basic";
  authorization: string;
  timeoutMs: number;
}

/** The configured DHIS2, or why there is none (a message key). */
export function dhis2Connection(source: NodeJS.ProcessEnv = process.env): Dhis2Connection | { missing: "dhis2.notConfigured" | "dhis2.badConfig" } {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) return { missing: "dhis2.badConfig" };
  const c = parsed.data;
  if (!c.DHIS2_URL) return { missing: "dhis2.notConfigured" };
  const baseUrl = c.DHIS2_URL.endsWith("/") ? c.DHIS2_URL : `${c.DHIS2_URL}/`;
  // A personal access token is preferred: it can be scoped and revoked without a password change.
  if (c.DHIS2_TOKEN) return { baseUrl, auth: "token", authorization: `ApiToken ${c.DHIS2_TOKEN}`, timeoutMs: c.DHIS2_TIMEOUT_MS };
  if (c.DHIS2_USERNAME && c.DHIS2_PASSWORD) {
    const basic = Buffer.from(`${c.DHIS2_USERNAME}:${c.DHIS2_PASSWORD}`).toString("base64");
    return { baseUrl, auth: "basic", authorization: `Basic ${basic}`, timeoutMs: c.DHIS2_TIMEOUT_MS };
  }
  return { missing: "dhis2.badConfig" };
}

/** Where a push goes, for the pages: the host and path, without the query or any secret. */
export function describeConnection(connection: Dhis2Connection): string {
  const url = new URL("api/dataValueSets", connection.baseUrl);
  return `${url.origin}${url.pathname}`;
}

/**
 * POSTs one data value set and reads DHIS2's import summary. DHIS2 answers a set with ignored
 * values with 409 and a summary, so the summary is read whatever the status; a reply without
 * one (401, a proxy's error page, no answer) is a failure with its reason.
 */
export async function postDataValueSet(connection: Dhis2Connection, payload: DataValueSet, options: { dryRun: boolean }): Promise<PushResult> {
  const url = new URL("api/dataValueSets", connection.baseUrl);
  url.search = importParams(options).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { Authorization: connection.authorization, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? "timeout" : "unreachable";
    return { httpStatus: null, summary: null, error: reason };
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: a login page, a proxy's error. Reported by its status below.
  }
  const summary = parseImportSummary(body);
  if (summary) return { httpStatus: response.status, summary, error: "" };
  const error = response.status === 401 || response.status === 403 ? "refused-credentials" : response.status >= 300 && response.status < 400 ? "redirected" : "no-summary";
  return { httpStatus: response.status, summary: null, error };
}

/** A period's days as the queries need them, in the deployment's calendar. */
export function periodWindow(period: Period, timeZone = env().ALBERGUE_TIME_ZONE): PeriodWindow {
  return {
    start: period.start,
    end: period.end,
    from: startOfZonedDay(period.start, timeZone),
    until: startOfZonedDay(addDays(period.end, 1), timeZone),
    dayOf: (instant) => zonedDay(instant, timeZone),
  };
}

export interface PlannedSet {
  facilityId: number;
  facilityCode: string;
  facilityName: string;
  payload: DataValueSet;
}

/**
 * The data value sets of the period that holds `day`, one per facility with an organisation
 * unit, exactly as a push would send them. Empty when nothing is mapped yet.
 */
export async function plannedSets(db: Db, day: string): Promise<{ period: Period; dataSet: string; sets: PlannedSet[] }> {
  const settings = await getDhis2Settings(db);
  const period = periodOf(settings.periodType, day);
  const [mappings, orgUnits] = await Promise.all([listMappings(db), listOrgUnits(db)]);
  const window = periodWindow(period);
  const sets: PlannedSet[] = [];
  if (mappings.length && settings.dataSet) {
    for (const f of orgUnits.filter((o) => o.orgUnit)) {
      const values = await indicatorValues(db, f.facilityId, window, mappings);
      const payload = buildDataValueSet({ dataSet: settings.dataSet, period: period.id, orgUnit: f.orgUnit, mappings, values });
      sets.push({ facilityId: f.facilityId, facilityCode: f.code, facilityName: f.name, payload });
    }
  }
  return { period, dataSet: settings.dataSet, sets };
}
