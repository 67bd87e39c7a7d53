/** Small statistics helpers shared by the benchmarks. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface Summary {
  label: string;
  p50: number;
  p95: number;
  count: number;
}

export function summarize(label: string, samples: readonly number[]): Summary {
  return { label, p50: median(samples), p95: percentile(samples, 95), count: samples.length };
}

/** A Markdown table of summaries, first column titled `what`. */
export function formatSummaries(what: string, results: readonly Summary[]): string {
  return [
    `| ${what} | samples | p50 | p95 |`,
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.label} | ${r.count} | ${ms(r.p50)} | ${ms(r.p95)} |`),
  ].join('\n');
}
