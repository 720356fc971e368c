import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from '../../src/store/redis/redis-client';
import { RedisWatchStore } from '../../src/watch/redis-watch-store';
import { initialState } from '../../src/watch/watch';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';

const LOCK_TTL_MS = 1500;

interface Line {
  pid: number;
  at: number;
  event: string;
  kind?: string;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Two bot processes, one real redis-server: exactly one runs the schedule; SIGKILL it and the
 * other takes the schedule over within the lock's time to live, without repeating an alert.
 */
describe('watch: the schedule across two processes (real redis-server)', function () {
  this.timeout(60_000);
  let redis: RedisTestServer;
  let dir: string;
  const children: ChildProcess[] = [];
  before(async function () {
    requireRedisServer(this);
    redis = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-watch-'));
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('one holder; killing it moves the schedule within the TTL; each change is one alert', async function () {
    const prefix = 'two:';
    const statusFile = join(dir, 'status');
    writeFileSync(statusFile, 'up');
    const connection = new RedisConnection({ url: redis.url, prefix });
    await connection.connect();
    await new RedisWatchStore(connection).add({
      id: 'W-TEST',
      place: { platform: 'test', channel: 'C1' },
      subject: { label: 'imap://imap.mail.test:993', incoming: { protocol: 'imap', host: 'imap.mail.test', port: 993, security: 'tls' } },
      intervalMs: 300,
      language: 'en',
      createdBy: 'U1',
      createdAt: Date.now(),
      nextCheckAt: Date.now(),
      state: initialState(Date.now()),
    });
    await connection.close();

    const lines: Line[] = [];
    const start = (): ChildProcess => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'support', 'schedule-child.ts')], {
        cwd: join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH ?? '', REDIS_URL: redis.url, REDIS_PREFIX: prefix, STATUS_FILE: statusFile, LOCK_TTL_MS: String(LOCK_TTL_MS) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Line);
      });
      children.push(child);
      return child;
    };
    const a = start();
    const b = start();
    await until(() => lines.filter((l) => l.event === 'started').length === 2, 'both processes');
    await until(() => lines.filter((l) => l.event === 'checked').length >= 5, 'five checks');
    const checkers = new Set(lines.filter((l) => l.event === 'checked').map((l) => l.pid));
    assert.equal(checkers.size, 1, 'exactly one process runs the schedule');
    const holderPid = [...checkers][0]!;
    const [holder, other] = holderPid === a.pid ? [a, b] : [b, a];

    // Checks by `pid` logged after line `index` (a round is checked, then saved and posted; the
    // next round of the watch starts only after that).
    const checksAfter = (pid: number | undefined, index: number): number => lines.slice(index + 1).filter((l) => l.event === 'checked' && l.pid === pid).length;
    writeFileSync(statusFile, 'down');
    await until(() => lines.some((l) => l.kind === 'down'), 'the down alert');
    // The holder goes on checking the down server for two more rounds (no repeat) before it dies.
    const downAt = lines.findIndex((l) => l.kind === 'down');
    await until(() => checksAfter(holder.pid, downAt) >= 3, 'two more rounds by the holder');
    holder.kill('SIGKILL');
    const killedAt = Date.now();
    writeFileSync(statusFile, 'up');
    await until(() => lines.some((l) => l.kind === 'up'), 'the up alert from the other process');
    const takeover = lines.find((l) => l.event === 'checked' && l.pid === other.pid)!;
    const takeoverMs = takeover.at - killedAt;
    // Two more rounds by the new holder after its up alert: none may repeat or add one.
    const upAt = lines.findIndex((l) => l.kind === 'up');
    await until(() => checksAfter(other.pid, upAt) >= 3, 'two more rounds by the new holder');
    const alerts = lines.filter((l) => l.event === 'alert').map((l) => `${l.kind} by ${l.pid === holderPid ? 'first' : 'second'}`);
    console.log(`      alerts: ${alerts.join(', ')}; the schedule moved ${takeoverMs} ms after SIGKILL (lock TTL ${LOCK_TTL_MS} ms)`);
    assert.deepEqual(alerts, ['down by first', 'up by second']);
    assert.ok(takeoverMs <= LOCK_TTL_MS + 1200, `took over after ${takeoverMs} ms`);
    other.kill('SIGTERM');
  });
});
