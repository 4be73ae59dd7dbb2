import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { buildRequest, routeHandler, routesDir } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { requestContext } from "../support/remix";
import { urlFor } from "../support/route-requests";
import { repoRoot } from "../support/paths";
import { buildWorld, MEMBER, type World } from "../support/world";
import { HXL_TAG_PATTERN } from "~/lib/hxl";

/**
 * Every CSV export, found by its route file name (`*[.csv].ts`) so a new one is checked too:
 * `?hxl=1` puts a row of HXL hashtags under the header, one cell per column, each a hashtag
 * with attributes or empty; without it the file is byte for byte the plain one.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

const planningTables = ["forecast", "occupancy", "cover", "alerts", "transfers", "moves"];
const exports: { route: string; table: string | undefined }[] = readdirSync(routesDir)
  .filter((f) => f.endsWith("[.csv].ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .flatMap((route) => (route === "planning.export.$table[.csv]" ? planningTables.map((table) => ({ route, table })) : [{ route, table: undefined as string | undefined }]));

async function download(route: string, table: string | undefined, hxl: boolean): Promise<{ status: number; text: string; bom: boolean; disposition: string | null }> {
  const { params, path } = urlFor(route, world, MEMBER);
  if (table) params.table = table;
  const pathname = (table ? path.replace(/\/[^/]+\.csv$/, `/${table}.csv`) : path) + (hxl ? "?hxl=1" : "");
  const loader = await routeHandler(route, "loader");
  // The administrator may read every export of a facility they belong to.
  const request = await buildRequest({ userId: world.users.admin.id }, pathname);
  const response = (await loader({ request, context: requestContext(), params })) as Response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { status: response.status, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), bom, disposition: response.headers.get("Content-Disposition") };
}

const docs = readFileSync(path.join(repoRoot, "docs", "exchange.md"), "utf8");

/** The table under the export's heading in docs/exchange.md, as header -> hashtag ("" for none). */
function documentedTags(route: string, table: string | undefined): Record<string, string> {
  const heading = `(route \`${route}\`${table ? `, table \`${table}\`` : ""})`;
  const start = docs.indexOf(heading);
  if (start < 0) return {};
  const next = docs.slice(start).search(/\n##+ /);
  const section = docs.slice(start, next < 0 ? undefined : start + next);
  return Object.fromEntries([...section.matchAll(/^\| `([^`]+)` \| (?:`([^`]+)`|—) \|$/gm)].map((m) => [m[1]!, m[2] ?? ""]));
}

const rowsOf = (text: string) => parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];

it("finds the exports", () => {
  expect(exports.length).toBeGreaterThanOrEqual(13);
  expect(exports.map((e) => e.route)).toEqual(expect.arrayContaining(["network[.csv]", "planning.export.$table[.csv]"]));
});

describe.each(exports.map((e) => [e.table ? `${e.route} ${e.table}` : e.route, e] as const))("%s", (_name, { route, table }) => {
  it("adds a hashtag row under the header with ?hxl=1, and nothing without it", async () => {
    const plain = await download(route, table, false);
    const tagged = await download(route, table, true);
    expect(plain.status).toBe(200);
    expect(tagged.status).toBe(200);
    const [header, tags, ...data] = rowsOf(tagged.text);
    expect(tags, "no hashtag row").toBeDefined();
    expect(tags).toHaveLength(header!.length);
    for (const tag of tags!) if (tag !== "") expect(tag).toMatch(HXL_TAG_PATTERN);
    // Most columns say what they are: an export of untagged columns would be of no use to HXL tools.
    expect(tags!.filter((t) => t !== "").length).toBeGreaterThan(header!.length / 2);
    // The plain file is the tagged one without the hashtag row.
    const plainRows = rowsOf(plain.text);
    expect(plainRows[0]).toEqual(header);
    expect(plainRows.slice(1)).toEqual(data);
    expect(plain.bom && tagged.bom).toBe(true);
    expect(plainRows.some((row) => row.every((cell) => cell === "" || HXL_TAG_PATTERN.test(cell)) && row.some((c) => c.startsWith("#")))).toBe(false);
    expect(tagged.disposition).toMatch(/-hxl\.csv"$/);
    // docs/exchange.md documents exactly these tags.
    expect(documentedTags(route, table)).toEqual(Object.fromEntries(header!.map((h, i) => [h, tags![i]])));
    expect(plain.disposition).not.toMatch(/-hxl/);
  });
});

it("publishes the network status so that a HXL reader finds each facility's census and capacity by tag", async () => {
  const { text } = await download("network[.csv]", undefined, true);
  const [, tags, ...data] = rowsOf(text);
  const column = (tag: string) => tags!.indexOf(tag);
  const svc = data.find((row) => row[column("#loc+code")] === MEMBER);
  expect(svc).toBeDefined();
  const networkLoader = await routeHandler("network", "loader");
  const page = (await networkLoader({ request: await buildRequest({ userId: world.users.admin.id }, "/network"), context: requestContext(), params: {} })) as {
    facilities: { code: string; name: string; census: number; capacity: { capacity: number | null } }[];
  };
  const shown = page.facilities.find((f) => f.code === MEMBER)!;
  expect(svc![column("#loc+name")]).toBe(shown.name);
  expect(Number(svc![column("#population+total")])).toBe(shown.census);
  expect(svc![column("#capacity")]).toBe(shown.capacity.capacity === null ? "" : String(shown.capacity.capacity));
});

it("publishes the forecast with its band by tag", async () => {
  const { text } = await download("planning.export.$table[.csv]", "forecast", true);
  const [header, tags, ...data] = rowsOf(text);
  expect(Object.fromEntries(header!.map((h, i) => [h, tags![i]]))).toMatchObject({
    day: "#date",
    arrivals_low: "#population+arriving+forecast+low",
    arrivals_mean: "#population+arriving+forecast+mean",
    arrivals_high: "#population+arriving+forecast+high",
  });
  expect(data.length).toBeGreaterThan(0);
  const at = (tag: string) => tags!.indexOf(tag);
  for (const row of data) {
    expect(row[at("#date")]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number(row[at("#population+arriving+forecast+low")])).toBeLessThanOrEqual(Number(row[at("#population+arriving+forecast+high")]));
  }
});

it("ignores any other value of hxl", async () => {
  const { params, path } = urlFor("network[.csv]", world, MEMBER);
  const loader = await routeHandler("network[.csv]", "loader");
  const plain = (await loader({ request: await buildRequest({ userId: world.users.admin.id }, path), context: requestContext(), params })) as Response;
  const odd = (await loader({ request: await buildRequest({ userId: world.users.admin.id }, `${path}?hxl=yes%0A%23x`), context: requestContext(), params })) as Response;
  expect(await odd.text()).toBe(await plain.text());
});
