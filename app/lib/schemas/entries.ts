import { z } from "zod";

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = z.preprocess(emptyToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional());

export const entryKinds = ["arrival", "departure", "transfer_out", "transfer_in", "reversal"] as const;

/** The entry list's filters, from the query string; invalid values are ignored. */
export const entryFilterSchema = z.object({
  kind: z.preprocess(emptyToUndefined, z.enum(entryKinds).optional()),
  from: day,
  to: day,
  before: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
});

export function parseEntryFilters(url: URL) {
  const parsed = entryFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? parsed.data : {};
}
