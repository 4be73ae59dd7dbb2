// Load generation and statistics for the benchmark: autocannon over HTTP, and a small
// closed-loop runner for work done directly against the database.
import autocannon from "autocannon";

export interface Sample {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  rps: number;
  count: number;
  statuses: Record<string, number>;
  errors: number;
  /** Every response time (ms), for combining runs. */
  latencies: number[];
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarise(latencies: number[], seconds: number, statuses: Record<string, number> = {}, errors = 0): Sample {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    rps: round(latencies.length / seconds),
    count: latencies.length,
    statuses,
    errors,
    latencies,
  };
}

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Builds each request's body, so that every write carries its own idempotency key. */
  body?: () => string;
  /** Builds each request's path, when requests go to different resources. */
  path?: () => string;
}

/**
 * Runs autocannon and keeps every response time, so p95 is exact (autocannon's own summary
 * has p97.5 but no p95).
 */
export async function httpLoad(load: HttpLoad): Promise<Sample> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    method: load.method ?? "GET",
    headers: load.headers ?? {},
    requests:
      load.body || load.path
        ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...(load.body ? { body: load.body() } : {}), ...(load.path ? { path: load.path() } : {}) }) }]
        : undefined,
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summarise(latencies, Math.min(seconds, result.duration ?? seconds), statuses, (result.errors ?? 0) + (result.timeouts ?? 0));
}

/** `workers` concurrent loops calling `work` until `seconds` have passed. */
export async function closedLoop(workers: number, seconds: number, work: (i: number) => Promise<void>): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        try {
          await work(next++);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch (error) {
          errors++;
          if (errors === 1) {
            const cause = (error as Error & { cause?: Error }).cause;
            console.error("  first error:", (error as Error).message.split("\n")[0], cause ? `(${cause.message})` : "");
          }
        }
      }
    }),
  );
  return summarise(latencies, Number(process.hrtime.bigint() - started) / 1e9, {}, errors);
}
