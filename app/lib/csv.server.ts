import { stringify } from "csv-stringify/sync";
import { wantsHxl, type CsvColumn } from "./hxl";
import { log } from "./log.server";

export type { CsvColumn } from "./hxl";

/**
 * A CSV download streamed in pages, so an export of a year of entries never sits in memory
 * whole. `nextPage` returns the rows after the cursor and the next cursor (none at the end).
 *
 * The first page is read before the response starts: a query that fails does so while the
 * status can still say so (a 4xx/5xx page instead of a 200 cut short). A later page that fails
 * ends the download with an error, logged without its query parameters.
 *
 * Each export declares its columns with their HXL hashtags side by side; `?hxl=1` on the
 * request adds the hashtag row under the header (docs/exchange.md), otherwise the file is the
 * plain one.
 */
export async function csvResponse<TCursor>(
  request: Request,
  filename: string,
  columns: readonly CsvColumn[],
  nextPage: (cursor: TCursor | undefined) => Promise<{ rows: unknown[][]; cursor?: TCursor }>,
): Promise<Response> {
  const encoder = new TextEncoder();
  const hxl = wantsHxl(new URL(request.url));
  const head: string[][] = [columns.map(([header]) => header)];
  if (hxl) head.push(columns.map(([, tag]) => tag));
  const name = hxl ? filename.replace(/\.csv$/, "-hxl.csv") : filename;
  const first = await nextPage(undefined);
  let cursor = first.cursor;
  let done = cursor === undefined;
  // A byte-order mark so spreadsheet programs read accents correctly.
  let pending: string | null = `\uFEFF${stringify(head)}${first.rows.length ? stringify(first.rows.map(neutraliseFormulas)) : ""}`;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending !== null) {
        controller.enqueue(encoder.encode(pending));
        pending = null;
        return;
      }
      // A pull must enqueue or close, or the stream stalls: skip empty pages, close at the end.
      try {
        while (!done) {
          const page = await nextPage(cursor);
          cursor = page.cursor;
          if (cursor === undefined) done = true;
          if (page.rows.length) {
            controller.enqueue(encoder.encode(stringify(page.rows.map(neutraliseFormulas))));
            return;
          }
        }
      } catch (error) {
        log("error", "CSV export failed", { file: name, error: error instanceof Error ? error : String(error) });
        controller.error(new Error("CSV export failed"));
        return;
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}

// A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
function neutraliseFormulas(row: unknown[]): unknown[] {
  return row.map((cell) => (typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));
}
