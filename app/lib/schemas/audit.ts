import { z } from "zod";
import { MAX_BIG_ID, queryDay, queryId } from "./common";

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = queryDay;

/** The audit page's filters, read from the query string (a GET form, so links can be shared). */
export const auditFilterSchema = z.object({
  user: queryId(),
  facility: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Z0-9]{2,8}$/).optional()),
  entity: z.preprocess(emptyToUndefined, z.string().max(60).regex(/^[a-z_]+$/).optional()),
  from: day,
  to: day,
  before: queryId(MAX_BIG_ID),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
