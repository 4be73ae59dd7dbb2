import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// The UI primitives of docs/decisions/025-ui-primitives.md: a labelled select, a list's filters and
// a list's table are written once in app/components/ui/, so their label, error wiring, phone size
// and scroll region cannot drift apart from page to page.

const root = path.resolve(__dirname, "../..");
const walk = (dir: string): string[] =>
  readdirSync(path.join(root, dir)).flatMap((name) => {
    const file = `${dir}/${name}`;
    if (statSync(path.join(root, file)).isDirectory()) return walk(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
const pages = [...walk("app/routes"), ...walk("app/components")].filter((f) => !f.startsWith("app/components/ui/"));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/**
 * Files still hand-writing a select: being split by another change when the primitives landed. The
 * list must stay exact, so it only shrinks: a file that no longer writes one fails until removed.
 */
const selectNotYetMoved = new Set<string>([
  "app/routes/planning._index.tsx",
  "app/components/care/referral-forms.tsx",
  "app/components/care/dose-list.tsx",
]);

/**
 * Same for the table scroll regions written by hand: the parts of the facility page, the planning
 * dashboard and the care summary that another change was moving out of their routes.
 */
const scrollRegionNotYetMoved = new Set<string>([
  "app/components/facility/population.tsx",
  "app/components/care/summary-card.tsx",
  "app/components/planning/dashboard.tsx",
  "app/components/planning/sections.tsx",
]);

function offenders(pattern: RegExp, allowed: Set<string>) {
  const found = pages.filter((file) => pattern.test(read(file)));
  return { extra: found.filter((f) => !allowed.has(f)), gone: [...allowed].filter((f) => !found.includes(f)) };
}

describe("UI primitives (decision 025)", () => {
  it("writes a <select> only in the Select primitive", () => {
    const { extra, gone } = offenders(/<select\b/, selectNotYetMoved);
    expect(extra, "use Select or SelectField from ~/components/ui/select-field").toEqual([]);
    expect(gone, "moved already: take it off the list").toEqual([]);
  });

  it("writes a list's GET filter form only in FilterForm", () => {
    // The FHIR download on the case list is a plain <form> (a file, not a page): not a filter.
    const { extra } = offenders(/<Form method="get"/, new Set(["app/routes/planning._index.tsx"]));
    expect(extra, "use FilterForm from ~/components/ui/filter-form").toEqual([]);
  });

  it("writes a table's scroll region only in TableScroll", () => {
    const { extra, gone } = offenders(/overflow-x-auto[^"]*" tabIndex=\{0\}/, scrollRegionNotYetMoved);
    expect(extra, "use DataTable or TableScroll from ~/components/ui/data-table").toEqual([]);
    expect(gone, "moved already: take it off the list").toEqual([]);
  });
});
