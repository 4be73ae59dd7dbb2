import { z } from "zod";

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
    .refine((v) => !Number.isNaN(Date.parse(v)), "validation.date")
    .optional(),
);

/** The audit page's filters, read from the query string (a GET form, so links can be shared). */
export const auditFilterSchema = z.object({
  user: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  facility: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Z0-9]{2,8}$/).optional()),
  entity: z.preprocess(emptyToUndefined, z.string().max(60).regex(/^[a-z_]+$/).optional()),
  from: day,
  to: day,
  before: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
