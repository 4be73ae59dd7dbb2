import { z } from "zod";
import { MAX_BIG_ID, queryDay, queryId } from "./common";

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = queryDay;

export const entryKinds = ["arrival", "departure", "transfer_out", "transfer_in", "reversal", "correction"] as const;

/** The entry list's filters, from the query string; invalid values are ignored. */
export const entryFilterSchema = z.object({
  kind: z.preprocess(emptyToUndefined, z.enum(entryKinds).optional()),
  from: day,
  to: day,
  before: queryId(MAX_BIG_ID),
});

export function parseEntryFilters(url: URL) {
  const parsed = entryFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? parsed.data : {};
}
