import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatTable, ms, quantile, type BenchRow } from './table';

const ROOT = join(__dirname, '..');
const { ensureBuilt } = require(join(ROOT, 'bin', 'build.js')) as { ensureBuilt: () => void };

/**
 * Start-up of the `mailhelp` executable: `mailhelp --help`, from process start to exit, the
 * floor of every CLI call. It runs the compiled dist/ (built before timing, never during), in
 * the environment a user's shell gives it: without the bench's own variables (its test CA) and
 * without tsx. Node's own start-up (`node -e 0`) is printed beside it.
 */
const RUNS = 10;
const TARGET_MS = 800;

/** The environment of a user's shell: nothing the bench set up for itself. */
function userEnvironment(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _ca, MAILHELP_BENCH_PKI: _pki, ...env } = process.env;
  return env;
}

function timeSpawn(args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: userEnvironment() });
  if (child.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${child.status ?? child.signal}`);
  return performance.now() - started;
}

export function cliStartupRow(): BenchRow {
  ensureBuilt();
  const bin = join(ROOT, 'bin', 'mailhelp.js');
  timeSpawn([bin, '--help']);
  const cli = Array.from({ length: RUNS }, () => timeSpawn([bin, '--help']));
  const node = Array.from({ length: RUNS }, () => timeSpawn(['-e', '0']));
  const median = quantile(cli, 0.5);
  return {
    row: 'CLI start-up (mailhelp --help)',
    measured: `median ${ms(median)}, max ${ms(Math.max(...cli))}, ${RUNS} runs`,
    target: `node -e 0 ${ms(quantile(node, 0.5))}; median < ${TARGET_MS} ms`,
    ok: median < TARGET_MS,
  };
}

if (require.main === module) {
  const row = cliStartupRow();
  console.log(formatTable([row]));
  process.exitCode = row.ok ? 0 : 1;
}
