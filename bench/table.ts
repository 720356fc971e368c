/**
 * The one table `npm run bench` prints: each row's measurement beside its yardstick or target,
 * and PASS or FAIL. The bench exits non-zero when any row fails.
 */
export interface BenchRow {
  row: string;
  /** What was measured, with its numbers ("median 121 ms, p95 126 ms, 20 runs"). */
  measured: string;
  /** The yardstick it is held against and the target ("< 0.60 x sequential 344 ms"). */
  target: string;
  ok: boolean;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header: BenchRow = { row: 'row', measured: 'measured', target: 'yardstick / target', ok: true };
  const width = (key: 'row' | 'measured' | 'target'): number => Math.max(...[header, ...rows].map((r) => r[key].length));
  const line = (r: BenchRow, result: string): string =>
    `${r.row.padEnd(width('row'))}  ${r.measured.padEnd(width('measured'))}  ${r.target.padEnd(width('target'))}  ${result}`;
  return [line(header, 'result'), ...rows.map((r) => line(r, r.ok ? 'PASS' : 'FAIL'))].join('\n');
}

export const ms = (value: number): string => `${value.toFixed(0)} ms`;

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}
