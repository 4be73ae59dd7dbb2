import { createHash } from "node:crypto";
import {
  BASELINE_PLAN_KEY,
  changedSince,
  deleteStoredPlans,
  getStoredPlanMeta,
  getStoredPlanPayload,
  listOrphanScenarioPlanKeys,
  markStoredPlanFailed,
  moveStoredPlanMark,
  readChangeMark,
  scenarioPlanKey,
  upsertStoredPlan,
  type StoredPlanMeta,
} from "#db/plans.server";
import { careAggregates, type FacilityCareAggregate } from "#db/care-reports.server";
import { listScenarios, type ScenarioRow } from "#db/planning.server";
import type { Db } from "#db/types";
import { buildPlan, type Plan, type PlanInputs } from "./domain/plan";
import type { ScenarioChange } from "./domain/scenario";
import { log } from "./log.server";
import { loadPlanInputs, planTables, type PlanClock, type PlanTables } from "./planning.server";

/**
 * Plans as data (issue 13, decision 018). The plan worker computes the baseline and every
 * active scenario after the inputs change and stores each with the digest of its inputs; the
 * dashboard, the report, the exports, the facility page and GET /api/v1/status read the stored
 * plan and say how old it is. Only a plan that does not exist yet (a new database, a scenario
 * just edited) is computed on the request path.
 */

/** What the pages need of the inputs besides the plan, kept small (the lots are not stored). */
export interface PlanContext {
  today: string;
  now: string;
  norms: PlanInputs["norms"];
  items: PlanInputs["items"];
  /** Care counts per facility, for the situation report (suppressed there before they leave). */
  care: FacilityCareAggregate[];
  /** The last two weeks of arrivals per facility (the report's "yesterday"). */
  recentArrivals: { code: string; days: { day: string; arrivals: number }[] }[];
}

export interface StoredPlanPayload {
  plan: Plan;
  tables: PlanTables;
  context: PlanContext;
}

export interface PlanFreshness {
  computedAt: string;
  /** The clock the plan was computed at. */
  inputsAt: string;
  /** The newest entry recorded anywhere when the inputs were read. */
  dataUntil: string | null;
  durationMs: number;
  /** Something has been recorded since: a newer plan is on its way. */
  stale: boolean;
  /** The last recompute failed (the plan shown is the last good one). */
  failedAt: string | null;
}

export interface PlanView extends StoredPlanPayload {
  freshness: PlanFreshness;
}

/**
 * The shape of the stored payload: raised when a release changes it, so that a plan stored by
 * an older release is computed again rather than read in the wrong shape.
 */
const PAYLOAD_VERSION = 3;
const versionPrefix = `v${PAYLOAD_VERSION}:`;

/** Whether a stored plan was written in this release's shape. */
export const isCurrentShape = (meta: Pick<StoredPlanMeta, "digest">) => meta.digest.startsWith(versionPrefix);

export function planDigest(sources: PlanSources, changes: readonly ScenarioChange[]): string {
  return versionPrefix + createHash("sha256").update(JSON.stringify([sources.inputs, sources.care, changes])).digest("base64url");
}

/** What a stored plan is computed from: the plan's inputs, and the care counts the report shows. */
interface PlanSources {
  inputs: PlanInputs;
  care: FacilityCareAggregate[];
}

async function loadPlanSources(db: Db, clock: PlanClock): Promise<PlanSources> {
  const inputs = await loadPlanInputs(db, "all", clock);
  // On the plan's own clock, so that the same data gives the same digest.
  const care = await careAggregates(db, { now: new Date(inputs.now) });
  return { inputs, care };
}

function contextOf({ inputs, care }: PlanSources): PlanContext {
  return {
    care,
    today: inputs.today,
    now: inputs.now,
    norms: inputs.norms,
    items: inputs.items,
    recentArrivals: inputs.facilities.map((f) => ({
      code: f.code,
      days: f.history.slice(-14).map((d) => ({ day: d.day, arrivals: d.arrivals })),
    })),
  };
}

function newestEntry(inputs: PlanInputs): Date | null {
  let newest: string | null = null;
  for (const f of inputs.facilities) if (f.lastEntryAt && (!newest || f.lastEntryAt > newest)) newest = f.lastEntryAt;
  return newest ? new Date(newest) : null;
}

export interface RefreshReport {
  computed: string[];
  unchanged: string[];
  failed: string[];
  removed: string[];
  inputsMs: number;
  totalMs: number;
}

/**
 * Reads the inputs once, in one snapshot, and recomputes every plan whose digest changed (all
 * of them with `force`; only `keys` when given). A plan whose inputs did not change only moves
 * its change mark forward, so an unrelated write (a care record, a login) costs no plan.
 */
export async function refreshPlans(
  db: Db,
  options: PlanClock & { keys?: readonly string[]; force?: boolean } = {},
): Promise<RefreshReport> {
  const started = performance.now();
  const { sources, mark, scenarios } = await db.transaction(
    async (tx) => {
      // First, so that the mark is this transaction's snapshot.
      const mark = await readChangeMark(tx);
      const sources = await loadPlanSources(tx, options);
      const scenarios = await listScenarios(tx);
      return { sources, mark, scenarios };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const inputsMs = performance.now() - started;
  const targets: { key: string; scenario: ScenarioRow | null }[] = [
    { key: BASELINE_PLAN_KEY, scenario: null },
    ...scenarios.map((s) => ({ key: scenarioPlanKey(s.id), scenario: s })),
  ].filter((t) => !options.keys || options.keys.includes(t.key));
  const stored = new Map((await getStoredPlanMeta(db, targets.map((t) => t.key))).map((m) => [m.key, m]));
  const report: RefreshReport = { computed: [], unchanged: [], failed: [], removed: [], inputsMs: Math.round(inputsMs), totalMs: 0 };
  const { inputs } = sources;
  const context = contextOf(sources);
  const dataUntil = newestEntry(inputs);
  for (const target of targets) {
    const changes = target.scenario?.changes ?? [];
    const digest = planDigest(sources, changes);
    const previous = stored.get(target.key);
    const scenarioVersion = target.scenario?.updatedAt ?? null;
    const sameScenario = !target.scenario || previous?.scenarioVersion?.getTime() === scenarioVersion?.getTime();
    const began = performance.now();
    try {
      if (!options.force && previous && previous.digest === digest && sameScenario && !previous.failedAt) {
        await moveStoredPlanMark(db, target.key, mark);
        report.unchanged.push(target.key);
        continue;
      }
      const plan = buildPlan(inputs, changes);
      const payload: StoredPlanPayload = { plan, tables: planTables(plan, inputs), context };
      await upsertStoredPlan(db, {
        key: target.key,
        scenarioId: target.scenario?.id ?? null,
        scenarioVersion,
        digest,
        ...mark,
        inputsAt: new Date(inputs.now),
        dataUntil,
        computedAt: new Date(),
        durationMs: Math.round(performance.now() - began + inputsMs),
        payload,
      });
      report.computed.push(target.key);
    } catch (error) {
      report.failed.push(target.key);
      log("error", "plan recompute failed", { plan: target.key, error: error instanceof Error ? error : String(error) });
      await markStoredPlanFailed(db, target.key, error instanceof Error ? error.message : String(error), new Date()).catch(() => {});
    }
  }
  if (!options.keys) {
    // Plans of archived or deleted scenarios.
    report.removed = await listOrphanScenarioPlanKeys(db);
    await deleteStoredPlans(db, report.removed);
  }
  report.totalMs = Math.round(performance.now() - started);
  return report;
}

/**
 * Parsed payloads by key, reused while the stored plan is the same one: a page view then costs
 * two small queries (the plan's dates, and whether anything was written since), not the parse
 * of half a megabyte.
 */
const parsed = new Map<string, { version: string; payload: StoredPlanPayload }>();
const versionOf = (meta: StoredPlanMeta) => `${meta.digest}@${meta.computedAt.getTime()}`;

/**
 * The stored plan of the baseline or of a scenario, with how old it is. A plan that does not
 * exist yet, or a scenario's plan older than its last edit, is computed now.
 */
export async function readPlan(db: Db, scenario?: Pick<ScenarioRow, "id" | "updatedAt">): Promise<PlanView> {
  const key = scenario ? scenarioPlanKey(scenario.id) : BASELINE_PLAN_KEY;
  let [meta] = await getStoredPlanMeta(db, [key]);
  const outdated = (m: StoredPlanMeta | undefined) =>
    !m ||
    !m.digest.startsWith(versionPrefix) ||
    (scenario !== undefined && (!m.scenarioVersion || m.scenarioVersion.getTime() < scenario.updatedAt.getTime()));
  if (outdated(meta)) {
    await refreshPlans(db, { keys: [key] });
    [meta] = await getStoredPlanMeta(db, [key]);
    if (outdated(meta)) throw new Error(`The plan ${key} could not be computed`);
  }
  const found = meta!;
  const version = versionOf(found);
  let entry = parsed.get(key);
  if (!entry || entry.version !== version) {
    const payload = (await getStoredPlanPayload(db, key)) as StoredPlanPayload;
    entry = { version, payload };
    parsed.set(key, entry);
    if (parsed.size > 32) parsed.delete(parsed.keys().next().value!);
  }
  const stale = await changedSince(db, found);
  return {
    ...entry.payload,
    freshness: {
      computedAt: found.computedAt.toISOString(),
      inputsAt: found.inputsAt.toISOString(),
      dataUntil: found.dataUntil ? found.dataUntil.toISOString() : null,
      durationMs: found.durationMs,
      stale,
      failedAt: found.failedAt ? found.failedAt.toISOString() : null,
    },
  };
}

/**
 * Whether each stored plan is the plan of its inputs: reads the inputs again at each plan's
 * own clock and compares digests (the soak test's check, and `albergue verify`).
 */
export async function checkStoredPlans(db: Db): Promise<{ key: string; ok: boolean }[]> {
  const metas = await getStoredPlanMeta(db);
  const scenarios = new Map((await listScenarios(db)).map((s) => [scenarioPlanKey(s.id), s]));
  const out: { key: string; ok: boolean }[] = [];
  for (const meta of metas) {
    const sources = await loadPlanSources(db, { now: meta.inputsAt });
    const changes = meta.key === BASELINE_PLAN_KEY ? [] : scenarios.get(meta.key)?.changes;
    out.push({ key: meta.key, ok: changes !== undefined && planDigest(sources, changes) === meta.digest });
  }
  return out;
}

/**
 * The baseline and a scenario's plan read from the same inputs, so that their comparison
 * differs only by the scenario's changes: when they were computed at different moments (the
 * scenario was just edited), both are computed again together.
 */
export async function readScenarioComparison(db: Db, scenario: Pick<ScenarioRow, "id" | "updatedAt">) {
  const keys = [BASELINE_PLAN_KEY, scenarioPlanKey(scenario.id)];
  const metas = await getStoredPlanMeta(db, keys);
  const [base, planned] = keys.map((k) => metas.find((m) => m.key === k));
  const together =
    base &&
    planned &&
    planned.scenarioVersion?.getTime() === scenario.updatedAt.getTime() &&
    base.digest.startsWith(versionPrefix) &&
    base.snapshot === planned.snapshot &&
    base.inputsAt.getTime() === planned.inputsAt.getTime();
  if (!together) await refreshPlans(db, { keys });
  const [baseline, scenarioPlan] = await Promise.all([readPlan(db), readPlan(db, scenario)]);
  return { baseline, scenario: scenarioPlan };
}

/**
 * `albergue verify`'s check of the stored plans: a plan that nothing was written after must be
 * the plan of its inputs; a plan with newer writes is waiting for its recompute (the worker's
 * job), which is a failure only once it is older than the worker's own limit allows.
 */
export async function verifyStoredPlans(db: Db, now = new Date()): Promise<{ ok: boolean; detail: string }> {
  const metas = await getStoredPlanMeta(db);
  const results = await checkStoredPlans(db);
  const problems: string[] = [];
  let waiting = 0;
  for (const meta of metas) {
    const ok = results.find((r) => r.key === meta.key)?.ok ?? false;
    if (meta.failedAt) problems.push(`${meta.key} failed at ${meta.failedAt.toISOString()}`);
    else if (await changedSince(db, meta)) {
      if (now.getTime() - meta.computedAt.getTime() > 10 * 60_000) problems.push(`${meta.key} stale since ${meta.computedAt.toISOString()}`);
      else waiting++;
    } else if (!ok) problems.push(`${meta.key} differs from its inputs`);
  }
  if (problems.length) return { ok: false, detail: problems.join("; ") };
  return { ok: true, detail: `${metas.length} plans, ${metas.length - waiting} current${waiting ? `, ${waiting} waiting for a recompute` : ""}` };
}
