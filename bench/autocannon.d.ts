/** The slice of autocannon 9's programmatic API the benchmarks use (the package ships no types). */
declare module "autocannon" {
  type RequestParams = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  };
  type Request = RequestParams & {
    setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams | undefined;
  };
  type Percentiles = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  };
  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    resets: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Percentiles & { totalCount: number };
    requests: Percentiles & { sent: number };
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    overallRate?: number;
    timeout?: number;
    requests?: Request[];
  };
  type Instance = Promise<Result> & { stop(): void };
  const autocannon: (opts: Options) => Instance;
  export default autocannon;
}
