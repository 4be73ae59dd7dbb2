import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The import directions of docs/decisions/020-where-code-goes.md, checked on every run.

const root = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const list = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => `${dir}/${f}`);

/** What a route module may not do itself: a write goes through a command (app/lib/commands/). */
const routeRules: [string, RegExp][] = [
  ["opens a transaction", /\.transaction\(/],
  ["writes an audit entry", /\bappendAudit(Many)?\b/],
  ["queries with drizzle", /from "drizzle-orm(\/[^"]*)?"/],
];

/**
 * Routes whose writes are still in the route module (issue 16 is moving them to commands). The
 * list must stay exact: a route that no longer breaks a rule fails the test until it is removed
 * from here, so the list only shrinks.
 */
const notYetMoved = new Set<string>([
]);

/** Route modules stay under this many lines (issue 16): a longer page's parts belong in components. */
const MAX_ROUTE_LINES = 300;

describe("where code goes (decision 020)", () => {
  const routes = list("app/routes");

  it("keeps writes, audit entries and queries out of route modules", () => {
    const offenders = routes.filter((file) => routeRules.some(([, pattern]) => pattern.test(read(file))));
    const newOnes = offenders.filter((f) => !notYetMoved.has(f)).map((f) => `${f}: ${routeRules.filter(([, p]) => p.test(read(f))).map(([what]) => what).join(", ")}`);
    expect(newOnes).toEqual([]);
    // Moved already: take it off the list.
    expect([...notYetMoved].filter((f) => !offenders.includes(f))).toEqual([]);
  });

  it("keeps route modules under 300 lines: the UI lives in app/components/, reads in db/ and app/lib/", () => {
    const long = routes
      .map((file) => ({ file, lines: read(file).trimEnd().split("\n").length }))
      .filter(({ lines }) => lines >= MAX_ROUTE_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it("keeps app/lib/domain pure: no database, session, environment or server module", () => {
    const impure = list("app/lib/domain").flatMap((file) =>
      [...read(file).matchAll(/^import[^;]*from "([^"]+)";/gm)]
        .map((m) => m[1]!)
        .filter((source) => {
          if (source === "zod") return false;
          if (!source.startsWith(".")) return true;
          // Its own folder, and the two plain helpers it shares with the client.
          return !(source.startsWith("./") || ["../time", "../intl", "../i18n"].includes(source)) || source.includes(".server");
        })
        .map((source) => `${file} imports ${source}`),
    );
    expect(impure).toEqual([]);
  });

  it("keeps db/ free of the app's server modules", () => {
    const wrong = list("db").flatMap((file) =>
      [...read(file).matchAll(/^import[^;]*from "([^"]+)";/gm)]
        .map((m) => m[1]!)
        .filter((source) => /(^~\/|app\/lib\/).*\.server/.test(source) || source.includes("/routes/"))
        // The demo seed hashes its accounts' password like any sign-up does.
        .filter((source) => !(file === "db/seed.server.ts" && source.endsWith("/password.server")))
        .map((source) => `${file} imports ${source}`),
    );
    expect(wrong).toEqual([]);
  });
});
