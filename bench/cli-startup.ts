import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const { ensureBuilt } = require(join(ROOT, 'bin', 'build.js')) as { ensureBuilt: () => void };

/**
 * Start-up of the `mailhelp` executable: `mailhelp --help`, from process start to exit, the
 * floor of every CLI call. Node's own start-up (`node -e 0`) is printed beside it.
 */
const RUNS = 10;
const TARGET_MS = 800;

export interface CliStartupRow {
  line: string;
  ok: boolean;
}

function timeSpawn(args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (child.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${child.status ?? child.signal}`);
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function cliStartupRow(): CliStartupRow {
  ensureBuilt(); // compiled before timing, never during
  const bin = join(ROOT, 'bin', 'mailhelp.js');
  timeSpawn([bin, '--help']);
  const cli = Array.from({ length: RUNS }, () => timeSpawn([bin, '--help']));
  const node = Array.from({ length: RUNS }, () => timeSpawn(['-e', '0']));
  const ok = median(cli) < TARGET_MS;
  const fmt = (ms: number): string => `${ms.toFixed(0)} ms`.padStart(8);
  const line =
    `${'CLI start-up (mailhelp --help)'.padEnd(30)} ${String(RUNS).padStart(4)} ${fmt(median(cli))} ${fmt(Math.max(...cli))}` +
    `  node -e 0: ${fmt(median(node))}  target: median < ${TARGET_MS} ms: ${ok ? 'met' : 'NOT MET'}`;
  return { line, ok };
}

if (require.main === module) {
  const row = cliStartupRow();
  console.log(row.line);
  process.exitCode = row.ok ? 0 : 1;
}
