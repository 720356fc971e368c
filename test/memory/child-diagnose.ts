import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = join(__dirname, 'fixtures');

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the child, in bytes. */
  peakRss: number;
  /** Wall time from spawn to exit. */
  ms: number;
  /** process.getActiveResourcesInfo() just after the verdict (diagnose-child only). */
  handlesAtVerdict?: string[];
}

/**
 * Runs `mailhelp ARGS` in a child process (its own heap, as in production) and reports its peak
 * RSS and wall time. `ca` is written to a file and trusted through NODE_EXTRA_CA_CERTS, the way
 * an admin trusts an internal CA. A hung child is killed at `killAfterMs`.
 */
export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  ca?: string;
  killAfterMs?: number;
  /** `diagnose-child` runs the CLI (default); `discover-child` calls discover() with JSON options. */
  fixture?: 'diagnose-child' | 'discover-child';
}

export async function runMailhelpChild(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mailhelp-rss-'));
  const rssFile = join(dir, 'rss.json');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, MAILHELP_PEAK_RSS_FILE: rssFile, LOG_LEVEL: 'silent' };
  if (options.ca) {
    writeFileSync(join(dir, 'ca.pem'), options.ca);
    env.NODE_EXTRA_CA_CERTS = join(dir, 'ca.pem');
  }
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(FIXTURES, `${options.fixture ?? 'diagnose-child'}.ts`), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(killer);
  const ms = Math.round(performance.now() - started);
  let peakRss = 0;
  let handlesAtVerdict: string[] | undefined;
  try {
    ({ peakRss, handlesAtVerdict } = JSON.parse(readFileSync(rssFile, 'utf8')) as { peakRss: number; handlesAtVerdict?: string[] });
  } catch {
    // killed before exit: no number
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, peakRss, ms, ...(handlesAtVerdict ? { handlesAtVerdict } : {}) };
}
