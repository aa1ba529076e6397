/** A small Prometheus text-format registry: counters, gauges read at scrape time, histograms. */
type Labels = Record<string, string | number>;

export type Counter = { inc(labels?: Labels, by?: number): void };
export type Histogram = { observe(value: number, labels?: Labels): void };

export type Metrics = {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets: number[]): Histogram;
  gauge(name: string, help: string, collect: () => Promise<Array<[Labels, number]>>): void;
  render(): Promise<string>;
};

const key = (labels: Labels = {}) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, "_")}"`)
    .join(",");

const line = (name: string, labelKey: string, value: number) =>
  `${name}${labelKey ? `{${labelKey}}` : ""} ${Number.isFinite(value) ? value : 0}`;

export const createMetrics = (): Metrics => {
  const sections: Array<() => Promise<string[]>> = [];
  return {
    counter(name, help) {
      const values = new Map<string, number>();
      sections.push(async () => [
        `# HELP ${name} ${help}`,
        `# TYPE ${name} counter`,
        ...[...values].map(([k, v]) => line(name, k, v)),
      ]);
      return { inc: (labels, by = 1) => values.set(key(labels), (values.get(key(labels)) ?? 0) + by) };
    },
    histogram(name, help, buckets) {
      const series = new Map<string, { counts: number[]; sum: number; count: number }>();
      sections.push(async () => {
        const out = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
        for (const [k, s] of series) {
          const sep = k ? `${k},` : "";
          buckets.forEach((b, i) => {
            out.push(line(`${name}_bucket`, `${sep}le="${b}"`, s.counts[i] ?? 0));
          });
          out.push(line(`${name}_bucket`, `${sep}le="+Inf"`, s.count));
          out.push(line(`${name}_sum`, k, s.sum), line(`${name}_count`, k, s.count));
        }
        return out;
      });
      return {
        observe(value, labels) {
          const k = key(labels);
          const s = series.get(k) ?? { counts: buckets.map(() => 0), sum: 0, count: 0 };
          buckets.forEach((b, i) => {
            if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
          });
          s.sum += value;
          s.count += 1;
          series.set(k, s);
        },
      };
    },
    gauge(name, help, collect) {
      sections.push(async () => [
        `# HELP ${name} ${help}`,
        `# TYPE ${name} gauge`,
        ...(await collect()).map(([labels, v]) => line(name, key(labels), v)),
      ]);
    },
    render: async () => `${(await Promise.all(sections.map((s) => s()))).flat().join("\n")}\n`,
  };
};
