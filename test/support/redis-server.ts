import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipBecause } from './skip';

/**
 * A real redis-server (Debian's `redis-server` package) for one test file: on 127.0.0.1, a port
 * picked free, its files in a temp directory removed on stop. `stop()` and `start()` again keep
 * the port and the data directory, so a test can take Redis away and bring it back.
 */
export interface RedisTestServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, waits for exit); the data file stays for a restart. */
  pause(): Promise<void>;
  /** Starts it again on the same port and directory. */
  resume(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
  /**
   * Everything the server holds and ever held, as text: each key (SCAN) with its type, TTL and
   * every value in it, and the append-only file, which has every write since the start,
   * including keys deleted or expired since.
   */
  dump(): Promise<string[]>;
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** In a `before`: skips the suite, saying why, where redis-server is not installed (.ci/run installs it). */
export function requireRedisServer(context: Mocha.Context): void {
  if (!redisServerInstalled()) {
    if (process.env.CI) throw new Error('redis-server is not installed (.ci/run installs the Debian package redis-server)');
    skipBecause(context, 'redis-server is not installed; to run the Redis tests: apt-get install redis-server');
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startRedisServer(): Promise<RedisTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mailhelp-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning'];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Ready once it accepts a PING on its port.
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`redis-server exited ${started.exitCode}: ${output}`);
      if (await answersPing(port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${port}: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: halt,
    resume: launch,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    dump: async () => {
      const client = new Redis(`redis://127.0.0.1:${port}`);
      const lines: string[] = [];
      try {
        for await (const keys of client.scanStream({ count: 100 }) as AsyncIterable<string[]>) {
          for (const key of keys) lines.push(`${key} ${await client.type(key)} ttl=${await client.pttl(key)} ${JSON.stringify(await valuesOf(client, key))}`);
        }
      } finally {
        client.disconnect();
      }
      const aofDir = join(dir, 'appendonlydir');
      for (const file of readdirSync(aofDir)) lines.push(`${file}: ${readFileSync(join(aofDir, file), 'latin1')}`);
      return lines;
    },
  };
}

async function valuesOf(client: Redis, key: string): Promise<unknown> {
  switch (await client.type(key)) {
    case 'string':
      return client.get(key);
    case 'hash':
      return client.hgetall(key);
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES');
    case 'set':
      return client.smembers(key);
    case 'list':
      return client.lrange(key, 0, -1);
    default:
      return null;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => done(data.toString().startsWith('+PONG')));
  });
}
