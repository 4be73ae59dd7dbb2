// POST /api/v1/facilities/:code/stock/issues/batch: up to 500 distributions in one request, all
// or nothing, each with its own idempotency key (docs/api.md, "Batches"). A resource route.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listHeldLotLabels, listOperationPicks } from "#db/stock.server";
import { handleApiBatch, type RecordResult } from "~/lib/api-batch.server";
import { methodNotAllowed, withApiErrors } from "~/lib/api.server";
import { issueInputFromApi, issueStockIn, type IssuePick, type ItemCache } from "~/lib/commands/issue-stock.server";
import { env } from "~/lib/env.server";
import { idempotencyKeyField } from "~/lib/schemas/movement";
import { stockIssueSchema } from "~/lib/schemas/stockapi";

interface IssueRecord {
  status: "created" | "duplicate";
  operationId: number;
  item: string;
  quantity: number;
  picks: IssuePick[];
}

export function action(args: ActionFunctionArgs) {
  // One catalogue lookup per item code for the whole batch.
  const items: ItemCache = new Map();
  return handleApiBatch(args, {
    schema: stockIssueSchema({ timeZone: env().ALBERGUE_TIME_ZONE }).extend({ idempotencyKey: idempotencyKeyField }),
    write: async (tx, actor, facility, records) => {
      const results: RecordResult<IssueRecord>[] = [];
      // One record after the other: each issue picks from the balances the previous ones left.
      for (const { value, key } of records) {
        const outcome = await issueStockIn(tx, actor, issueInputFromApi(facility.id, value), key, items);
        if (outcome.status === "invalid" || outcome.status === "refused") results.push({ ok: false, fields: outcome.fieldErrors });
        else if (outcome.status === "twin") results.push({ ok: false, fields: {} });
        else results.push({ ok: true, body: { status: outcome.status, operationId: outcome.operationId, item: value.item, quantity: value.quantity, picks: outcome.picks } });
      }
      return results;
    },
    finish: async (tx, facility, results) => {
      // A record recorded before is answered with the lots it took then, like a new one.
      const duplicates = results.filter((r) => r.status === "duplicate").map((r) => r.operationId);
      const earlier = await listOperationPicks(tx, facility.id, duplicates);
      const picksOf = (r: IssueRecord) => (r.status === "duplicate" ? (earlier.get(r.operationId) ?? []) : r.picks);
      const lotIds = [...new Set(results.flatMap((r) => picksOf(r).map((p) => p.lotId)))];
      const labels = new Map((await listHeldLotLabels(tx, facility.id, lotIds)).map((l) => [l.lotId, l]));
      // Lots are named by number in the API, never by id.
      const records = results.map((r) => ({
        ...r,
        picks: picksOf(r).map((p) => ({
          lotNumber: labels.get(p.lotId)?.lotNumber ?? "",
          expiry: labels.get(p.lotId)?.expiry ?? null,
          quantity: p.quantity,
          balanceAfter: p.balanceAfter,
        })),
      }));
      return { records };
    },
  });
}

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("POST"));
}
