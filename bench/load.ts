import { fork } from "node:child_process";
import path from "node:path";

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
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  payloadsBuiltOnTheFly: number;
};

const CHILD = path.join(import.meta.dirname, "loadgen.ts");

/** Runs one load in a fresh child process; kills it if it overruns its duration by `graceS`. */
export const runLoad = (spec: LoadSpec, graceS = 120): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const limitS = (spec.durationS ?? 0) + graceS + (spec.amount ? spec.amount / 100 : 0);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`load generator overran ${limitS} s; killed`));
    }, limitS * 1000);
    child.once("message", (message: { result?: LoadResult; error?: string }) => {
      clearTimeout(timer);
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`load generator exited with code ${code} before answering`));
    });
    child.send(spec);
  });
