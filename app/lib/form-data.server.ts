import { data } from "@remix-run/node";

/**
 * Reading a form post with limits, before anything parses it into objects.
 *
 * Conform turns `lines[3000].lot` into an array of 3,001 rows, and the 400 page then draws one
 * row per index: a 150-byte post became a 12 MB page and 100,000 rows stopped the server
 * (issue 14). So every action reads its form here: the body size was already bounded by
 * server.js; this bounds the number of fields and every row index, and renumbers the rows that
 * were sent (lines[5], lines[90] become lines[0], lines[1]) so a sparse post can never make the
 * page draw rows nobody sent.
 */

export interface FormLimits {
  /** Rows a list in this form may hold (the schema's own maximum). */
  maxRows?: number;
  /** Fields in the whole post. */
  maxFields?: number;
}

export const DEFAULT_MAX_ROWS = 100;
export const DEFAULT_MAX_FIELDS = 1_000;

/** The refusals, as the error page shows them (status and a message key). */
export type FormRefusal = "form.unsupportedType" | "form.tooManyFields" | "form.tooManyRows" | "form.malformed";

function refuse(status: number, reason: FormRefusal): never {
  throw data({ reason }, { status });
}

const indexPattern = /\[(\d+)\]/g;

/**
 * The form data of a POST from a browser form (URL-encoded or multipart); anything else is a
 * 415. Throws a 400 page when the post holds more fields or rows than the form can have.
 */
export async function readForm(request: Request, limits: FormLimits = {}): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") refuse(415, "form.unsupportedType");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    refuse(400, "form.malformed");
  }
  return checkForm(form, limits);
}

/** The limits of readForm on form data already read (exported for the tests). */
export function checkForm(form: FormData, limits: FormLimits = {}): FormData {
  const maxRows = limits.maxRows ?? DEFAULT_MAX_ROWS;
  const maxFields = limits.maxFields ?? Math.max(DEFAULT_MAX_FIELDS, maxRows * 8);
  const entries: [string, FormDataEntryValue][] = [];
  for (const entry of form.entries()) {
    entries.push(entry);
    if (entries.length > maxFields) refuse(413, "form.tooManyFields");
  }
  // Rows per list, by the list's path as sent (`lines`, or `rows[2].doses` for a nested list).
  const indices = new Map<string, Set<number>>();
  let sparse = false;
  for (const [name] of entries) {
    for (const match of name.matchAll(indexPattern)) {
      const digits = match[1]!;
      if (digits.length > 6) refuse(400, "form.tooManyRows");
      const index = Number(digits);
      if (index >= maxRows) refuse(400, "form.tooManyRows");
      const list = name.slice(0, match.index);
      let seen = indices.get(list);
      if (!seen) indices.set(list, (seen = new Set()));
      seen.add(index);
    }
  }
  for (const seen of indices.values()) {
    if (seen.size > maxRows) refuse(400, "form.tooManyRows");
    if (Math.max(...seen) !== seen.size - 1) sparse = true;
  }
  if (!sparse) return form;
  // Renumber each list's rows densely, in the order of their indices.
  const renumber = new Map<string, Map<number, number>>();
  for (const [list, seen] of indices) {
    renumber.set(list, new Map([...seen].sort((a, b) => a - b).map((index, position) => [index, position])));
  }
  const dense = new FormData();
  for (const [name, value] of entries) {
    const renamed = name.replace(indexPattern, (whole, digits: string, offset: number) => {
      const position = renumber.get(name.slice(0, offset))?.get(Number(digits));
      return position === undefined ? whole : `[${position}]`;
    });
    dense.append(renamed, value);
  }
  return dense;
}
