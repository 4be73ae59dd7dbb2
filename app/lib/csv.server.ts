import { stringify } from "csv-stringify/sync";

/**
 * A CSV download streamed in pages, so an export of a year of entries never sits in memory
 * whole. `nextPage` returns the rows after the cursor and the next cursor (none at the end).
 */
export function csvResponse<TCursor>(
  filename: string,
  header: string[],
  nextPage: (cursor: TCursor | undefined) => Promise<{ rows: unknown[][]; cursor?: TCursor }>,
): Response {
  const encoder = new TextEncoder();
  let cursor: TCursor | undefined;
  let started = false;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // A byte-order mark so spreadsheet programs read accents correctly.
        controller.enqueue(encoder.encode(`\uFEFF${stringify([header])}`));
        return;
      }
      // A pull must enqueue or close, or the stream stalls: skip empty pages, close at the end.
      while (!done) {
        const page = await nextPage(cursor);
        cursor = page.cursor;
        if (cursor === undefined) done = true;
        if (page.rows.length) {
          controller.enqueue(encoder.encode(stringify(page.rows.map(neutraliseFormulas))));
          return;
        }
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

// A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
function neutraliseFormulas(row: unknown[]): unknown[] {
  return row.map((cell) => (typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));
}
