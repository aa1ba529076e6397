/** Child process entry (see load.ts): receives one LoadSpec, runs it, sends back a LoadResult, exits. */
import http from "node:http";
import autocannon from "autocannon";
import { serveOnce } from "./child.ts";
import type { LoadResult, LoadSpec } from "./load.ts";
import { createPayloadFactory, type SignedPayload } from "./payloads.ts";

const feed = (spec: LoadSpec) => {
  const make = createPayloadFactory(spec.appSecret);
  const built = Array.from({ length: spec.prebuild }, make);
  let cursor = 0;
  let onTheFly = 0;
  const next = (): SignedPayload => {
    if (cursor < built.length) return built[cursor++]!;
    if (spec.cycle && built.length > 0) return built[cursor++ % built.length]!;
    onTheFly += 1;
    return make();
  };
  return { next, onTheFly: () => onTheFly };
};

const headersFor = (p: SignedPayload) => ({
  "content-type": "application/json",
  "x-hub-signature-256": p.signature,
});

const viaAutocannon = async (spec: LoadSpec): Promise<LoadResult> => {
  const payloads = feed(spec);
  const url = new URL(spec.url);
  const result = await autocannon({
    url: url.origin,
    connections: spec.connections,
    // autocannon rejects an undefined duration, so only the limits that are set are passed.
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationS }),
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: url.pathname,
        // Called for every request: each one carries the next distinct payload.
        setupRequest: (req) => {
          const p = payloads.next();
          return { ...req, headers: { ...req.headers, ...headersFor(p) }, body: p.body };
        },
      },
    ],
  });
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  const answered = Object.values(codes).reduce((a, b) => a + b, 0);
  return {
    mode: "autocannon",
    connections: spec.connections,
    rate: spec.rate,
    durationS: result.duration,
    answered,
    reqPerSec: answered / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    // autocannon counts a timeout as an error too; here each failure is counted once.
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes: codes,
    payloadsBuiltOnTheFly: payloads.onTheFly(),
  };
};

/**
 * Open loop at evenly spaced send times. Latency counts from the scheduled time, so a stalled server
 * shows up in the percentiles instead of silently slowing the sender (no coordinated omission).
 */
const paced = async (spec: LoadSpec): Promise<LoadResult> => {
  const payloads = feed(spec);
  const rate = spec.rate ?? 500;
  const durationMs = (spec.durationS ?? 10) * 1000;
  const total = Math.round((rate * durationMs) / 1000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(spec.url);
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const send = (p: SignedPayload, scheduledAt: number) => {
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - scheduledAt);
            codes[String(res.statusCode)] = (codes[String(res.statusCode)] ?? 0) + 1;
            resolve();
          });
        },
      );
      let timedOut = false;
      req.on("timeout", () => {
        timedOut = true;
        timeouts += 1;
        req.destroy();
      });
      // A timeout ends in an error too; count it once, as a timeout.
      req.on("error", () => {
        if (!timedOut) errors += 1;
        resolve();
      });
      for (const [k, v] of Object.entries(headersFor(p))) req.setHeader(k, v);
      req.end(p.body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };
  const started = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due) {
      send(payloads.next(), started + (sent * 1000) / rate);
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const ok2xx = Object.entries(codes).reduce((n, [k, v]) => (k.startsWith("2") ? n + v : n), 0);
  return {
    mode: "paced",
    connections: spec.connections,
    rate,
    durationS: elapsedS,
    answered: latencies.length,
    reqPerSec: latencies.length / elapsedS,
    latencyMs: {
      p50: pct(0.5),
      p90: pct(0.9),
      p99: pct(0.99),
      max: latencies.at(-1) ?? 0,
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    },
    ok2xx,
    non2xx: latencies.length - ok2xx,
    errors,
    timeouts,
    statusCodes: codes,
    payloadsBuiltOnTheFly: payloads.onTheFly(),
  };
};

serveOnce((spec: LoadSpec) => (spec.mode === "paced" ? paced(spec) : viaAutocannon(spec)));
