// `npm run -s albergue -- forecast --step day|week|month --horizon H [--level 0.8]`: the
// planning forecaster on anyone's own data. Reads CSV `date,value` (a header line, oldest first)
// on standard input; prints CSV `date,mean,low,high`, one line per step ahead, and nothing else.
// Pure (no database), so it is tested without spawning a process.
import { parseArgs } from "node:util";
import { z } from "zod";
import { forecastSeries, MAX_HORIZON } from "~/lib/domain/forecast";

const argsSchema = z.object({
  step: z.enum(["day", "week", "month"], { error: "--step must be day, week or month" }),
  horizon: z.coerce
    .number({ error: "--horizon must be a number" })
    .int(`--horizon must be a whole number from 1 to ${MAX_HORIZON}`)
    .min(1, `--horizon must be a whole number from 1 to ${MAX_HORIZON}`)
    .max(MAX_HORIZON, `--horizon must be a whole number from 1 to ${MAX_HORIZON}`),
  level: z.coerce
    .number({ error: "--level must be a number" })
    .gt(0, "--level must be between 0 and 1, e.g. 0.8")
    .lt(1, "--level must be between 0 and 1, e.g. 0.8")
    .default(0.8),
});

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const fail = (message: string): CliResult => ({ code: 2, stdout: "", stderr: `forecast: ${message}\n` });

export function forecastCommand(args: readonly string[], input: string): CliResult {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({
      args: [...args],
      options: { step: { type: "string" }, horizon: { type: "string" }, level: { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message.split("\n")[0]!);
  }
  if (raw.horizon === undefined) return fail("--horizon is required");
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues[0]!.message);
  const { step, horizon, level } = parsed.data;

  const lines = input.split(/\r?\n/).filter((line, i, all) => line.trim() !== "" || i < all.length - 1);
  if (lines.length === 0 || lines[0]!.trim().toLowerCase().replace(/\s/g, "") !== "date,value") {
    return fail("the input must start with the header line date,value");
  }
  const series: { date: string; value: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(",").map((c) => c.trim());
    if (cells.length !== 2 || cells[0] === "" || cells[1] === "") return fail(`line ${i + 1}: expected date,value`);
    const value = Number(cells[1]);
    if (!Number.isFinite(value) || value < 0) return fail(`line ${i + 1}: the value must be a number not below 0, not ${cells[1]}`);
    series.push({ date: cells[0]!, value });
  }
  if (series.length === 0) return fail("no data lines after the header");
  try {
    const { points } = forecastSeries(series, { step, horizon, level });
    const body = points.map((p) => `${p.date},${Math.round(p.mean * 100) / 100},${p.low},${p.high}`);
    return { code: 0, stdout: `date,mean,low,high\n${body.join("\n")}\n`, stderr: "" };
  } catch (error) {
    if (error instanceof RangeError) return fail(error.message);
    throw error;
  }
}
