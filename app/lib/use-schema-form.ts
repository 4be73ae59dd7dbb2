import { useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * A form validated in the browser by the same zod schema the server parses with: checked on
 * submit, then again as the person corrects it, with the server's reply (`lastResult`) shown
 * at the fields. Every data-entry form behaves this way; one hook keeps them alike.
 */
export function useSchemaForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(options: {
  id?: string;
  schema: Schema;
  lastResult: unknown;
  defaults?: Record<string, unknown>;
}) {
  const { id, schema, defaults } = options;
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult: options.lastResult as SubmissionResult<string[]> | null | undefined,
    defaultValue: defaults as never,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
