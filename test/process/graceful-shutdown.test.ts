import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_GRACE_MS, graceFromEnv } from '../../src/process/graceful-shutdown';

/**
 * The shutdown helper in a real child process: real signals, real exit codes, the real logger.
 */
const FIXTURE = join(__dirname, 'fixtures', 'shutdown-child.ts');
const ROOT = join(__dirname, '..', '..');

interface Child {
  process: ChildProcessWithoutNullStreams;
  events: string[];
  logs: Record<string, unknown>[];
  waitFor(event: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const events: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: () => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('EVENT ')) {
        const name = line.slice(6);
        events.push(name);
        for (const w of waiters.filter((w) => w.event === name)) w.resolve();
      } else if (line.startsWith('{')) {
        logs.push(JSON.parse(line));
      }
    }
  });
  let signalledAt = 0;
  const originalKill = child.kill.bind(child);
  child.kill = ((signal?: NodeJS.Signals) => {
    signalledAt = performance.now();
    return originalKill(signal);
  }) as typeof child.kill;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - signalledAt })),
  );
  return {
    process: child,
    events,
    logs,
    exited,
    waitFor: (event, timeoutMs = 15_000) =>
      events.includes(event)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms; events ${events.join(', ')}; stderr ${stderr}`)), timeoutMs);
            waiters.push({ event, resolve: () => (clearTimeout(timer), resolve()) });
          }),
  };
}

describe('graceful shutdown (child process)', function () {
  this.timeout(30_000);
  const children: Child[] = [];
  afterEach(function () {
    for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  });
  const start = (env: Record<string, string>): Child => {
    const child = startChild(env);
    children.push(child);
    return child;
  };

  it('SIGTERM: stops taking work, lets running work finish, saves, exits 0', async function () {
    const child = start({ WORK_MS: '800', JOBS: '2' });
    await child.waitFor('ready');
    child.process.kill('SIGTERM');
    await child.waitFor('stopped-accepting');
    child.process.stdin.write('work\n');
    const { code, ms } = await child.exited;
    assert.equal(code, 0);
    const order = child.events.filter((e) => e !== 'ready');
    assert.deepEqual(order, ['job-1-started', 'job-2-started', 'stopped-accepting', 'job-3-refused', 'job-1-finished', 'job-2-finished', 'saved']);
    assert.ok(ms >= 500, `exited after ${Math.round(ms)} ms, before the work was done`);
    assert.ok(child.logs.some((l) => l.msg === 'shutting down: bye' && l.code === 0));
  });

  it('work that outlasts the grace period is stopped, state is still saved, exit 0', async function () {
    const child = start({ WORK_MS: '20000', GRACE_MS: '400' });
    await child.waitFor('job-1-started');
    await child.waitFor('ready');
    child.process.kill('SIGTERM');
    const { code, ms } = await child.exited;
    assert.equal(code, 0);
    assert.deepEqual(child.events.filter((e) => e.startsWith('job') || e === 'saved'), ['job-1-started', 'job-1-aborted', 'saved']);
    assert.ok(ms >= 350 && ms < 5000, `exited after ${Math.round(ms)} ms`);
    assert.ok(child.logs.some((l) => /still running after the grace period/.test(String(l.msg))));
  });

  it('with nothing running it exits at once', async function () {
    const child = start({ JOBS: '0' });
    await child.waitFor('ready');
    child.process.kill('SIGTERM');
    const { code, ms } = await child.exited;
    assert.equal(code, 0);
    assert.ok(ms < 2000, `took ${Math.round(ms)} ms`);
    assert.ok(child.events.includes('saved'));
  });

  it('a failing save is logged and exits 1', async function () {
    const child = start({ JOBS: '0', SAVE_FAILS: '1' });
    await child.waitFor('ready');
    child.process.kill('SIGTERM');
    const { code } = await child.exited;
    assert.equal(code, 1);
    assert.ok(child.logs.some((l) => l.msg === 'shutting down: saving state failed' && /disk full/.test(JSON.stringify(l.err))));
  });

  it('a second signal exits at once', async function () {
    const child = start({ WORK_MS: '20000' });
    await child.waitFor('ready');
    child.process.kill('SIGTERM');
    await child.waitFor('stopped-accepting');
    child.process.kill('SIGINT');
    const { code, ms } = await child.exited;
    assert.equal(code, 1);
    assert.ok(ms < 3000);
    assert.ok(!child.events.includes('saved'));
  });

  it('an unhandled rejection is logged and the bot keeps running', async function () {
    const child = start({ JOBS: '0', REJECT: '1' });
    await child.waitFor('alive-after-rejection');
    const logged = child.logs.find((l) => l.msg === 'unhandled promise rejection (the bot keeps running)');
    assert.ok(logged, JSON.stringify(child.logs));
    assert.match(JSON.stringify(logged.err), /nobody awaited this/);
    child.process.kill('SIGTERM');
    assert.equal((await child.exited).code, 0);
  });

  it('the grace period comes from MAILHELP_SHUTDOWN_GRACE_MS, 20 s by default', function () {
    assert.equal(DEFAULT_GRACE_MS, 20_000);
    assert.equal(graceFromEnv({}), 20_000);
    assert.equal(graceFromEnv({ MAILHELP_SHUTDOWN_GRACE_MS: '5000' }), 5000);
    assert.equal(graceFromEnv({ MAILHELP_SHUTDOWN_GRACE_MS: 'soon' }), 20_000);
    assert.equal(graceFromEnv({ MAILHELP_SHUTDOWN_GRACE_MS: '-1' }), 20_000);
  });
});
