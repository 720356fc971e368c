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

/**
 * The cause a row's runs must find (speed is never bought with a wrong verdict): a run that
 * finds another does not stop the bench, it fails its row, which names what came instead.
 */
export class CauseCheck {
  readonly #wrong = new Set<string>();

  /** `anywhere`: among the findings (else it must be the first, the root cause). */
  constructor(
    readonly expected: string,
    private readonly anywhere = false,
  ) {}

  check(report: { findings: readonly { cause: string }[] }): void {
    const got = report.findings.map((f) => f.cause);
    if (this.anywhere ? !got.includes(this.expected) : got[0] !== this.expected) this.#wrong.add(got.join(',') || 'none');
  }

  get ok(): boolean {
    return this.#wrong.size === 0;
  }

  /** The expected cause, or what the runs found instead. */
  describe(): string {
    return this.ok ? this.expected : `expected ${this.expected}, got ${[...this.#wrong].join(' / ')}`;
  }
}

/** A row whose measurement could not be made at all (a process that died, a server that failed): FAIL, saying why. */
export async function rowOrFailure(row: string, target: string, measure: () => BenchRow | Promise<BenchRow>): Promise<BenchRow> {
  try {
    return await measure();
  } catch (error) {
    return { row, measured: `not measured: ${(error as Error).message ?? String(error)}`.slice(0, 160), target, ok: false };
  }
}
