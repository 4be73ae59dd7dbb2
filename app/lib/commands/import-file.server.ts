// A bulk import (docs/decisions/021-bulk-import.md): a file's rows checked and shown, then
// recorded all or nothing in one transaction through the same commands as the arrival and
// receipt forms, under keys derived from the file's digest so the same file records once.
import { randomUUID } from "node:crypto";
import { appendAudit } from "#db/audit.server";
import { listItems } from "#db/catalogue.server";
import { listFacilities } from "#db/facilities.server";
import {
  deleteStaleImportDrafts,
  findImportDraft,
  insertImportDraft,
  lockImportDraft,
  markImportDraftCommitted,
  recordedImportKeys,
} from "#db/imports.server";
import type { Db } from "#db/types";
import { can, type Role } from "~/lib/permissions";
import { checkImport, type ImportCheck, type ImportKind, type RowProblem } from "~/lib/schemas/import";
import { auditActorOf, type CommandActor } from "./actor.server";
import { recordArrivalsIn } from "./record-arrival.server";
import { receiptInputFromForm, recordReceiptIn } from "./record-receipt.server";

export interface Importer {
  id: number;
  role: Role;
  facilityIds: number[];
}

export type RowStatus = "error" | "ready" | "duplicate";

export interface PreviewRow {
  row: number;
  facility: string;
  status: RowStatus;
  problems: RowProblem[];
  /** The record the row goes into, numbered from 1 as the page shows it. */
  record: number | null;
}

export interface ImportPreview {
  kind: ImportKind;
  fileName: string;
  fileProblems: string[];
  rows: PreviewRow[];
  /** Records (arrival entries or receipts) the commit would create, and those already recorded. */
  records: number;
  recorded: number;
  /** People (arrivals) or receipt lines the new records hold. */
  amount: number;
}

interface CheckInput {
  kind: ImportKind;
  fileName: string;
  sha256: string;
  cells: string[][];
}

/** The facilities this user may record this kind of import at, by code: their own, with the permission. */
async function writableFacilities(db: Db, user: Importer, kind: ImportKind): Promise<Map<string, number>> {
  if (!can(user.role, kind === "arrivals" ? "population:record" : "stock:record")) return new Map();
  const rows = await listFacilities(db, { all: false, facilityIds: user.facilityIds });
  return new Map(rows.map((f) => [f.code, f.id]));
}

async function check(db: Db, user: Importer, input: CheckInput, timeZone: string, now: Date) {
  const [facilities, items] = await Promise.all([writableFacilities(db, user, input.kind), listItems(db)]);
  const itemRules = items.filter((i) => i.active).map((i) => ({ code: i.code, lotTracked: i.lotTracked, expires: i.expires, category: i.category }));
  const checked = checkImport(input.cells, { ...input, timeZone, now, facilities, items: itemRules });
  const facilityIds = [...new Set(checked.groups.map((g) => g.facilityId))];
  const recorded = await recordedImportKeys(db, input.kind, facilityIds, checked.groups.map((g) => g.key));
  return { checked, recorded };
}

function previewOf(input: CheckInput, checked: ImportCheck, recorded: Set<string>): ImportPreview {
  const rows: PreviewRow[] = checked.rows.map((r) => {
    const group = r.group === null ? undefined : checked.groups[r.group];
    const status: RowStatus = r.problems.length ? "error" : group && recorded.has(group.key) ? "duplicate" : "ready";
    return { row: r.row, facility: r.facility, status, problems: r.problems, record: r.group === null ? null : r.group + 1 };
  });
  const fresh = checked.groups.filter((g) => !recorded.has(g.key));
  const amount = fresh.reduce(
    (sum, g) => sum + (g.kind === "arrivals" ? g.value.nationalities.reduce((n, c) => n + c.count, 0) : g.lines.length),
    0,
  );
  return {
    kind: input.kind,
    fileName: input.fileName,
    fileProblems: checked.fileProblems,
    rows,
    records: fresh.length,
    recorded: checked.groups.length - fresh.length,
    amount,
  };
}

export function previewHasErrors(preview: ImportPreview): boolean {
  return preview.fileProblems.length > 0 || preview.rows.some((r) => r.status === "error");
}

export type UploadOutcome =
  /** Every row passed and something is new: a draft waits for the commit. */
  | { status: "drafted"; draftId: string }
  /** Rows with errors, or a file already imported: shown, nothing kept. */
  | { status: "invalid" | "recorded"; preview: ImportPreview };

/**
 * Checks an uploaded file. Only a file whose every row passes is kept as a draft (for the
 * preview page and its commit); a file with errors is answered with them and kept nowhere.
 */
export async function checkUpload(db: Db, user: Importer, input: CheckInput, timeZone: string, now = new Date()): Promise<UploadOutcome> {
  const { checked, recorded } = await check(db, user, input, timeZone, now);
  const preview = previewOf(input, checked, recorded);
  if (previewHasErrors(preview)) return { status: "invalid", preview };
  if (preview.records === 0) return { status: "recorded", preview };
  const draftId = randomUUID();
  await deleteStaleImportDrafts(db, now);
  await insertImportDraft(db, { id: draftId, userId: user.id, ...input });
  return { status: "drafted", draftId };
}

export interface DraftView {
  id: string;
  preview: ImportPreview;
  committedAt: Date | null;
  result: { created: number; duplicates: number; rows: number } | null;
}

/** A draft's preview, checked again now (the census, the catalogue or the user's access may have changed). */
export async function readDraft(db: Db, user: Importer, id: string, timeZone: string, now = new Date()): Promise<DraftView | undefined> {
  const draft = await findImportDraft(db, user.id, id);
  if (!draft) return undefined;
  const input = { kind: draft.kind as ImportKind, fileName: draft.fileName, sha256: draft.sha256, cells: draft.cells };
  const { checked, recorded } = await check(db, user, input, timeZone, now);
  return { id: draft.id, preview: previewOf(input, checked, recorded), committedAt: draft.committedAt, result: draft.result };
}

export type CommitOutcome =
  | { status: "committed"; created: number; duplicates: number }
  | { status: "gone" }
  /** Checked again, some rows fail now (or the ledger refused one): nothing written. */
  | { status: "invalid"; preview: ImportPreview };

class Rollback extends Error {
  constructor(readonly problems: Map<number, RowProblem[]>) {
    super("rollback");
  }
}

const receiptFields: Record<string, string> = { item: "item", lotNumber: "lot", expiry: "expiry", quantity: "quantity", vvmStage: "vvm" };

/**
 * Records a draft: every record in one transaction, through recordArrivalsIn and recordReceiptIn
 * (the forms' commands), so a refusal anywhere leaves nothing written. Each record's key comes
 * from the file's digest and its first row: a record already in the ledger is a duplicate.
 */
export async function commitDraft(db: Db, user: Importer, actor: CommandActor, id: string, timeZone: string, now = new Date()): Promise<CommitOutcome> {
  const draft = await findImportDraft(db, user.id, id);
  if (!draft) return { status: "gone" };
  if (draft.committedAt && draft.result) return { status: "committed", created: 0, duplicates: draft.result.created + draft.result.duplicates };
  const input = { kind: draft.kind as ImportKind, fileName: draft.fileName, sha256: draft.sha256, cells: draft.cells };
  const { checked, recorded } = await check(db, user, input, timeZone, now);
  const preview = previewOf(input, checked, recorded);
  if (previewHasErrors(preview)) return { status: "invalid", preview };
  try {
    return await db.transaction(async (tx) => {
      const lock = await lockImportDraft(tx, user.id, id);
      if (!lock) return { status: "gone" } as const;
      // A second click that waited on the lock: the first one recorded everything.
      if (lock.committedAt) return { status: "committed", created: 0, duplicates: checked.groups.length } as const;
      let created = 0;
      const problems = new Map<number, RowProblem[]>();
      const refuse = (row: number, field: string, message: string) => problems.set(row, [...(problems.get(row) ?? []), { field, message }]);
      if (input.kind === "arrivals") {
        const byFacility = new Map<number, typeof checked.groups>();
        for (const g of checked.groups) byFacility.set(g.facilityId, [...(byFacility.get(g.facilityId) ?? []), g]);
        for (const [facilityId, groups] of byFacility) {
          const records = groups.map((g) => {
            if (g.kind !== "arrivals") throw new Error("mixed import");
            return { input: { facilityId, ...g.value }, key: g.key };
          });
          const outcomes = await recordArrivalsIn(tx, actor, facilityId, records);
          outcomes.forEach((o, i) => {
            if (o.status === "created") created += 1;
            if (o.status === "refused") for (const row of groups[i]!.rows) refuse(row, "count", Object.values(o.fieldErrors).flat()[0] ?? "import.changed");
          });
        }
      } else {
        for (const g of checked.groups) {
          if (g.kind !== "receipts") throw new Error("mixed import");
          const outcome = await recordReceiptIn(tx, actor, receiptInputFromForm(g.facilityId, g.value, g.lines), g.key);
          if (outcome.status === "created") created += 1;
          if (outcome.status === "invalid" || outcome.status === "refused") {
            for (const [path, messages] of Object.entries(outcome.fieldErrors)) {
              const match = /^lines\[(\d+)\]\.(\w+)$/.exec(path);
              const rows = match ? [g.rows[Number(match[1])]!] : g.rows;
              for (const row of rows) for (const message of messages) refuse(row, match ? (receiptFields[match[2]!] ?? "item") : "item", message);
            }
          }
        }
      }
      if (problems.size) throw new Rollback(problems);
      const result = { created, duplicates: checked.groups.length - created, rows: checked.rows.length };
      await markImportDraftCommitted(tx, user.id, id, result);
      await appendAudit(tx, auditActorOf(actor), {
        action: "create",
        entity: "import",
        entityId: id,
        facilityId: null,
        changes: { kind: input.kind, fileName: input.fileName, sha256: input.sha256, ...result, facilities: [...new Set(checked.groups.map((g) => g.facilityCode))] },
      });
      return { status: "committed", created, duplicates: result.duplicates } as const;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    const rows = preview.rows.map((r) => {
      const refused = error.problems.get(r.row);
      return refused ? { ...r, status: "error" as const, problems: refused } : r;
    });
    return { status: "invalid", preview: { ...preview, rows } };
  }
}
