/**
 * The access matrix as data: who may call each route module's loader and action, as the product
 * intends (BRIEF.md, "Security and privacy"; app/lib/permissions.ts). docs/security.md shows
 * this table (scripts/security-doc.ts writes it) and test/integration/access-matrix.test.ts
 * asserts every cell against the real loaders and actions.
 *
 * One line per route module and handler. The letters name who is allowed:
 *   A admin, P planner, M manager, H health worker (signed in with a session),
 *   T an API token (Authorization: Bearer), for the api.v1 endpoints only (pages take sessions only).
 * Routes under /facilities/:code have two columns: the facility the user is a member of (or the
 * token is scoped to), and one they are not. Other routes have one ("n/a"). "-" is nobody.
 * Admins and planners see every facility, so their two columns agree.
 */

export const subjects = ["admin", "planner", "manager", "health_worker", "token"] as const;
export type Subject = (typeof subjects)[number];
export const subjectLetter: Record<Subject, string> = { admin: "A", planner: "P", manager: "M", health_worker: "H", token: "T" };
export const subjectLabel: Record<Subject, string> = {
  admin: "admin",
  planner: "planner",
  manager: "manager",
  health_worker: "health",
  token: "API token",
};

export type Handler = "loader" | "action";
export type Relation = "member" | "other" | "n/a";
export type Cell = "allow" | "deny";

export interface MatrixRow {
  /** The route module's file name in app/routes, without its extension. */
  route: string;
  handler: Handler;
  /** Allowed subjects per relation: for facility routes member and other, else n/a. */
  allowed: Partial<Record<Relation, string>>;
  /** Why, in a few words (shown in docs/security.md). */
  note: string;
  /**
   * An audited read: the loader can return care fields (names, birth dates, documents, family
   * groups) and writes exactly one audit entry per view (test/integration/care-audit.test.ts).
   */
  auditedRead?: true;
}

function fac(route: string, handler: Handler, member: string, other: string, note: string): MatrixRow {
  return { route, handler, allowed: { member, other }, note };
}
function any(route: string, handler: Handler, allowed: string, note: string): MatrixRow {
  return { route, handler, allowed: { "n/a": allowed }, note };
}
function audited(row: MatrixRow): MatrixRow {
  return { ...row, auditedRead: true };
}

export const matrix: readonly MatrixRow[] = [
  any("$", "loader", "-", "unknown path: 404 for everyone"),
  any("_index", "loader", "APMH", "home: redirects to the user's start page"),
  any("healthz", "loader", "APMH", "liveness, no data"),
  any("readyz", "loader", "APMH", "readiness, no data"),
  any("login", "loader", "APMH", "public"),
  any("login", "action", "APMH", "public (rate limited)"),
  any("logout", "loader", "APMH", "redirect only"),
  any("logout", "action", "APMH", "ends one's own session"),
  any("language", "loader", "APMH", "redirect only"),
  any("language", "action", "APMH", "one's own preference"),
  any("outbox", "loader", "APMH", "the page only; the entries live on the user's device"),
  any("alerts._index", "loader", "APMH", "the alerts of the user's facilities only"),
  any("alerts._index", "action", "APMH", "acknowledge an alert of one's facilities (404 outside them)"),
  any("alerts.subscriptions", "loader", "APMH", "one's own subscriptions"),
  any("alerts.subscriptions", "action", "APMH", "subscribe to a facility one sees; remove one's own"),
  any("import._index", "loader", "M", "population:record or stock:record; each row is scoped to its facility, a draft to its uploader"),
  any("import._index", "action", "M", "population:record or stock:record; each row is scoped to its facility, a draft to its uploader"),
  any("import.template", "loader", "M", "population:record or stock:record"),

  any("admin.alerts", "loader", "A", "user:manage: every subscription and message"),
  any("admin.audit._index", "loader", "A", "audit:view"),
  any("admin.audit.export[.csv]", "loader", "A", "audit:view"),
  any("admin.items._index", "loader", "A", "catalogue:manage"),
  any("admin.items.new", "loader", "A", "catalogue:manage"),
  any("admin.items.new", "action", "A", "catalogue:manage"),
  any("admin.items.$code", "loader", "A", "catalogue:manage"),
  any("admin.items.$code", "action", "A", "catalogue:manage"),
  any("admin.norms", "loader", "A", "norms:manage"),
  any("admin.norms", "action", "A", "norms:manage"),
  any("admin.tokens._index", "loader", "A", "token:manage"),
  any("admin.tokens._index", "action", "A", "token:manage"),
  any("admin.dhis2._index", "loader", "A", "exchange:manage"),
  any("admin.dhis2._index", "action", "A", "exchange:manage"),
  any("admin.dhis2.mappings", "loader", "A", "exchange:manage"),
  any("admin.dhis2.mappings", "action", "A", "exchange:manage"),
  any("admin.dhis2.preview", "loader", "A", "exchange:manage: aggregates of every facility"),
  any("admin.dhis2.preview", "action", "A", "exchange:manage"),
  any("admin.dhis2.log", "loader", "A", "exchange:manage"),
  any("admin.users._index", "loader", "A", "user:manage"),
  any("admin.users.new", "loader", "A", "user:manage"),
  any("admin.users.new", "action", "A", "user:manage"),
  any("admin.users.$id", "loader", "A", "user:manage"),
  any("admin.users.$id", "action", "A", "user:manage"),

  any("facilities._index", "loader", "APMH", "lists only the facilities in scope"),
  any("facilities.export[.csv]", "loader", "APMH", "lists only the facilities in scope"),
  any("facilities.new", "loader", "A", "facility:manage"),
  any("facilities.new", "action", "A", "facility:manage"),
  any("network", "loader", "AP", "network:view: every facility at once"),
  any("network[.csv]", "loader", "AP", "network:view"),
  any("care.aggregates", "loader", "APH", "care:aggregate: counts, no person"),
  any("planning._index", "loader", "AP", "planning:view: aggregates of every facility"),
  any("planning.report", "loader", "AP", "planning:view"),
  any("planning.export.$table[.csv]", "loader", "AP", "planning:view"),
  any("planning.scenarios._index", "loader", "AP", "planning:view"),
  any("planning.scenarios._index", "action", "AP", "planning:scenarios"),
  any("planning.scenarios.$id", "loader", "AP", "planning:view"),
  any("planning.scenarios.$id", "action", "AP", "planning:scenarios"),
  any("api.v1.status", "loader", "T", "only the facilities the token covers"),
  any("api.v1.status", "action", "-", "GET only (405)"),

  fac("facilities.$code._index", "loader", "APMH", "AP", "population:view"),
  fac("facilities.$code.edit", "loader", "A", "A", "facility:manage"),
  fac("facilities.$code.edit", "action", "A", "A", "facility:manage"),
  fac("facilities.$code.arrivals.new", "loader", "M", "-", "population:record, members only"),
  fac("facilities.$code.arrivals.new", "action", "M", "-", "population:record, members only"),
  fac("facilities.$code.departures.new", "loader", "M", "-", "population:record, members only"),
  fac("facilities.$code.departures.new", "action", "M", "-", "population:record, members only"),
  fac("facilities.$code.entries._index", "loader", "APMH", "AP", "population:view"),
  fac("facilities.$code.entries[.csv]", "loader", "APMH", "AP", "population:view"),
  fac("facilities.$code.history[.csv]", "loader", "APMH", "AP", "population:view"),
  fac("facilities.$code.entries.$id.reverse", "loader", "M", "-", "population:record; entry of this facility"),
  fac("facilities.$code.entries.$id.reverse", "action", "M", "-", "population:record; entry of this facility"),
  fac("facilities.$code.transfers.$id.receive", "loader", "M", "-", "population:record; transfer to this facility"),
  fac("facilities.$code.transfers.$id.receive", "action", "M", "-", "population:record; transfer to this facility"),
  fac("facilities.$code.headcount._index", "loader", "M", "-", "population:record, members only"),
  fac("facilities.$code.headcount._index", "action", "M", "-", "population:record, members only"),
  fac("facilities.$code.headcount.$sheetId", "loader", "M", "-", "population:record; sheet of this facility"),
  fac("facilities.$code.headcount.$sheetId", "action", "M", "-", "population:record; sheet of this facility"),

  fac("facilities.$code.stock._index", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.stock.$itemCode", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.stock.$itemCode", "action", "P", "P", "planning:order_basis (the norm or the actual consumption drives the order)"),
  fac("facilities.$code.stock.$itemCode[.csv]", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.stock.lots.$lotId", "loader", "APMH", "AP", "stock:view; lot held here"),
  fac("facilities.$code.stock.lots.$lotId", "action", "M", "-", "stock:record; lot held here"),
  fac("facilities.$code.stock.receipts.new", "loader", "M", "-", "stock:record"),
  fac("facilities.$code.stock.receipts.new", "action", "M", "-", "stock:record"),
  fac("facilities.$code.stock.issues.new", "loader", "M", "-", "stock:record"),
  fac("facilities.$code.stock.issues.new", "action", "M", "-", "stock:record"),
  fac("facilities.$code.stock.adjustments.new", "loader", "M", "-", "stock:record"),
  fac("facilities.$code.stock.adjustments.new", "action", "M", "-", "stock:record"),
  fac("facilities.$code.stock.counts._index", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.stock.counts._index", "action", "M", "-", "stock:record"),
  fac("facilities.$code.stock.counts.$sheetId", "loader", "APMH", "AP", "stock:view; sheet of this facility"),
  fac("facilities.$code.stock.counts.$sheetId", "action", "M", "-", "stock:record; sheet of this facility"),
  fac("facilities.$code.stock.shipments._index", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.stock.shipments.new", "loader", "M", "-", "stock:record"),
  fac("facilities.$code.stock.shipments.new", "action", "M", "-", "stock:record"),
  fac("facilities.$code.stock.shipments.$id.receive", "loader", "M", "-", "stock:record; shipment to this facility"),
  fac("facilities.$code.stock.shipments.$id.receive", "action", "M", "-", "stock:record; shipment to this facility"),
  fac("facilities.$code.requests._index", "loader", "APMH", "AP", "stock:view"),
  fac("facilities.$code.requests.new", "loader", "PM", "P", "request:raise"),
  fac("facilities.$code.requests.new", "action", "PM", "P", "request:raise"),
  fac("facilities.$code.requests.$id", "loader", "APMH", "AP", "stock:view; request raised here"),
  fac("facilities.$code.requests.$id", "action", "PM", "P", "request:raise; request raised here"),
  fac("facilities.$code.requests.review.$id", "loader", "AP", "AP", "request:approve; request raised here"),
  fac("facilities.$code.requests.review.$id", "action", "AP", "AP", "request:approve; request raised here"),
  fac("facilities.$code.picking._index", "loader", "M", "-", "request:pick: the warehouse's manager"),
  fac("facilities.$code.picking.$id", "loader", "M", "-", "request:pick; request supplied from here"),
  fac("facilities.$code.picking.$id", "action", "M", "-", "request:pick; request supplied from here"),

  audited(fac("facilities.$code.care._index", "loader", "AH", "A", "care:view")),
  fac("facilities.$code.care.new", "loader", "H", "-", "care:record"),
  fac("facilities.$code.care.new", "action", "H", "-", "care:record"),
  audited(fac("facilities.$code.care.followup", "loader", "AH", "A", "care:view")),
  audited(fac("facilities.$code.care.followup[.csv]", "loader", "AH", "A", "care:view")),
  audited(fac("facilities.$code.care.immunizations[.json]", "loader", "AH", "A", "care:view (FHIR, period)")),
  fac("facilities.$code.care.vials", "loader", "H", "-", "care:record"),
  fac("facilities.$code.care.vials", "action", "H", "-", "care:record"),
  audited(fac("facilities.$code.care.$caseCode._index", "loader", "AH", "A", "care:view; case at this facility")),
  fac("facilities.$code.care.$caseCode._index", "action", "H", "-", "care:record; case at this facility"),
  audited(fac("facilities.$code.care.$caseCode.summary", "loader", "AH", "A", "care:view; case at this facility")),
  audited(fac("facilities.$code.care.$caseCode.immunizations[.json]", "loader", "AH", "A", "care:view; case at this facility (FHIR)")),
  audited(fac("facilities.$code.care.$caseCode.vaccinate", "loader", "H", "-", "care:record; case at this facility")),
  fac("facilities.$code.care.$caseCode.vaccinate", "action", "H", "-", "care:record; case at this facility"),

  // The intake API takes bearer tokens only: a session cookie gets 401, a token not scoped to the facility 403.
  fac("api.v1.facilities.$code.census", "loader", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.census", "action", "-", "-", "GET only (405)"),
  fac("api.v1.facilities.$code.stock", "loader", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.stock", "action", "-", "-", "GET only (405)"),
  fac("api.v1.facilities.$code.arrivals", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.arrivals", "action", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.departures", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.departures", "action", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.stock.receipts", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.stock.receipts", "action", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.stock.issues", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.stock.issues", "action", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.arrivals.batch", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.arrivals.batch", "action", "T", "-", "token scoped to the facility"),
  fac("api.v1.facilities.$code.stock.issues.batch", "loader", "-", "-", "POST only (405)"),
  fac("api.v1.facilities.$code.stock.issues.batch", "action", "T", "-", "token scoped to the facility"),
];

export function isApiRoute(route: string): boolean {
  return route.startsWith("api.");
}

/** The relations a row has cells for. */
export function relationsOf(row: MatrixRow): Relation[] {
  return "n/a" in row.allowed ? ["n/a"] : ["member", "other"];
}

/** The subjects a row has cells for: tokens only where the API is concerned. */
export function subjectsOf(row: MatrixRow): Subject[] {
  return isApiRoute(row.route) ? [...subjects] : subjects.filter((s) => s !== "token");
}

export function cellOf(row: MatrixRow, subject: Subject, relation: Relation): Cell {
  return (row.allowed[relation] ?? "").includes(subjectLetter[subject]) ? "allow" : "deny";
}

/** The URL path of a route module with its parameters filled in (`$code` -> params.code). */
export function pathOf(route: string, params: Record<string, string>): string {
  const segments = route
    .replace(/\[\.(csv|json)\]$/, "")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s === "$" ? (params["*"] ?? "") : s.startsWith("$") ? (params[s.slice(1)] ?? "") : s));
  const path = `/${segments.join("/")}`;
  const extension = /\[\.(csv|json)\]$/.exec(route)?.[1];
  return extension ? `${path}.${extension}` : path;
}

/** The table as Markdown, as docs/security.md holds it. */
export function matrixMarkdown(): string {
  const header = ["Route module", "Handler", "Facility", ...subjects.map((s) => subjectLabel[s]), "Rule"];
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of matrix) {
    for (const relation of relationsOf(row)) {
      const cells = subjects.map((s) => (subjectsOf(row).includes(s) ? cellOf(row, s, relation) : "–"));
      const label = relation === "other" ? "not member" : relation;
      const rule = row.auditedRead ? `${row.note} · **audited read**` : row.note;
      lines.push(`| \`${row.route}\` | ${row.handler} | ${label} | ${cells.join(" | ")} | ${rule} |`);
    }
  }
  return lines.join("\n");
}

export const MATRIX_START = "<!-- access-matrix:start (generated by npm run docs:security; do not edit by hand) -->";
export const MATRIX_END = "<!-- access-matrix:end -->";

/** The document with the table between its markers replaced by the generated one. */
export function withMatrix(doc: string): string {
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`docs/security.md needs the markers ${MATRIX_START} and ${MATRIX_END}`);
  return `${doc.slice(0, start + MATRIX_START.length)}\n${matrixMarkdown()}\n${doc.slice(end)}`;
}
