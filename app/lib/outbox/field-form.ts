import type { z } from "zod";
import { useSchemaForm } from "../use-schema-form";
import type { OutboxKind } from "./logic";
import { useOutboxEdit, useOutboxForm, useOutboxReset, type EditGone, type Queued } from "./client";

/**
 * A field form that can be kept on the device (decision 019): conform's form validated by the
 * same zod schema the server parses with, the outbox's key and answer, a pending entry opened
 * for editing, and (for forms with a time of the event) the form cleared for the next entry once
 * one is kept. One hook so that every field form behaves the same offline; a form that wires
 * these by hand drifts (one forgets the edit, another the reset).
 */
export function useFieldForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(options: {
  id: string;
  schema: Schema;
  actionData: unknown;
  defaults: { idempotencyKey: string; occurredAt?: string } & Record<string, unknown>;
  kinds: readonly OutboxKind[];
  /** The facility's zone, for the time of the event; without it the form has no such field. */
  timeZone?: string;
}) {
  const { id, schema, defaults, kinds, timeZone } = options;
  const outbox = useOutboxForm(options.actionData as Queued | EditGone | undefined, defaults.idempotencyKey);
  const [form, fields] = useSchemaForm({ id, schema, lastResult: outbox.lastResult, defaults });
  useOutboxReset(form, timeZone === undefined ? null : outbox.queued, {
    name: "occurredAt",
    serverDefault: defaults.occurredAt ?? "",
    timeZone: timeZone ?? "UTC",
  });
  useOutboxEdit(form, outbox, kinds);
  return { outbox, form, fields };
}
