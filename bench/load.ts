import path from "node:path";
import { runChild } from "./child.ts";

/**
 * What the load generator child runs. It lives in its own process so that its HTTP parsing and payload
 * building do not share the server's event loop (they still share the machine's 2 cores).
 */
export type LoadSpec = {
  url: string;
  appSecret: string;
  connections: number;
  /** "autocannon": closed loop, or autocannon's overallRate (per-connection quota, refilled each second). */
  mode: "autocannon" | "paced";
  durationS?: number;
  /** Stop after this many answers instead of after durationS (autocannon only). */
  amount?: number;
  /** autocannon overallRate, or the paced sender's evenly spaced requests per second. */
  rate?: number;
  /** Payloads built before the clock starts; more are built on the fly if the run needs them. */
  prebuild: number;
  /** Reuse the prebuilt payloads in a cycle instead of building new ones (baseline: no dedupe there). */
  cycle?: boolean;
};

export type LoadResult = {
  mode: LoadSpec["mode"];
  connections: number;
  rate?: number;
  durationS: number;
  /** Requests answered (any status) within the run. */
  answered: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  ok2xx: number;
  non2xx: number;
  /** Connection errors other than timeouts (each failed request counts once, in one of the two). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  payloadsBuiltOnTheFly: number;
};

/** Runs one load in a fresh child process; it is killed if it overruns by `graceS`. */
export const runLoad = (spec: LoadSpec, graceS = 120): Promise<LoadResult> =>
  runChild<LoadResult>(
    path.join(import.meta.dirname, "loadgen.ts"),
    spec,
    (spec.durationS ?? 0) + graceS + (spec.amount ? spec.amount / 50 : 0),
  );
