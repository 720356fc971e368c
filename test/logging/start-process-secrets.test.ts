import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDACTED, secretVariants } from '../../src/logging/redact-secret';
import { MAILHELP_BIN } from '../support/mailhelp-bin';
import { FakeSlackApi } from '../slack/support/fake-slack-api';

const ROOT = join(__dirname, '..', '..');
const SIGNING_SECRET = 'signing-secret-4c1d9e';
const GOOGLE_SECRET = 'GOCSPX-e2e-s3cr3t-42';
const ACME_SECRET = 'acme-e2e-secret-77';
const REDIS_PASSWORD = 'e2e-redis-pw-31';

/**
 * A Redis that refuses every command with an error quoting `echo` (a proxy or a misconfigured
 * server that repeats what it got): the bot logs that reply as it retries.
 */
async function echoingRedis(echo: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      // One error reply per command (each starts with a RESP array header).
      const commands = chunk.toString('latin1').match(/(?:^|\r\n)\*\d+\r\n/g)?.length ?? 0;
      for (let i = 0; i < commands; i++) socket.write(`-WRONGPASS denied for ${echo}\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('mailhelp start: the configured secrets reach no output of the process (child process)', function () {
  this.timeout(40_000);
  let fake: FakeSlackApi;
  let redis: Awaited<ReturnType<typeof echoingRedis>>;
  let dir: string;

  afterEach(async () => {
    await fake?.stop();
    await redis?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a Redis error quoting the Slack tokens, the signing secret, both OAuth client secrets and the Redis password is logged scrubbed', async () => {
    fake = await new FakeSlackApi().start();
    const secrets = [fake.botToken, fake.appToken, SIGNING_SECRET, GOOGLE_SECRET, ACME_SECRET, REDIS_PASSWORD];
    redis = await echoingRedis(secrets.join(' '));
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-start-secrets-'));
    const providers = join(dir, 'providers.json');
    writeFileSync(providers, JSON.stringify([{ id: 'acme', name: 'Acme', issuer: 'https://id.acme.example', tokenEndpoint: 'https://id.acme.example/token', scopes: { imap: 'mail', pop3: 'mail', smtp: 'mail' }, clientIdEnv: 'ACME_CLIENT_ID', clientSecretEnv: 'ACME_CLIENT_SECRET' }]));
    const child = spawn(process.execPath, [MAILHELP_BIN, 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        MAILHELP_OAUTH_GOOGLE_CLIENT_ID: 'google-client-id',
        MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET: GOOGLE_SECRET,
        MAILHELP_OAUTH_PROVIDERS: providers,
        ACME_CLIENT_ID: 'acme-client-id',
        ACME_CLIENT_SECRET: ACME_SECRET,
        MAILHELP_STORE: `redis://default:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const seen = (pattern: RegExp): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(output)) return;
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`exited before ${pattern}:\n${output}`)));
        check();
      });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await seen(/"msg":"store: unreachable; reconnecting"/);
      await seen(/"msg":"slack: ready/);
    } finally {
      child.kill('SIGTERM');
    }
    // All of its output, to the last line (how it ends is test/slack/start-process's business).
    await exited;
    const storeLine = output.split('\n').find((line) => line.includes('store: unreachable'))!;
    assert.ok(storeLine.includes(`WRONGPASS denied for ${Array(secrets.length).fill(REDACTED).join(' ')}`), storeLine);
    for (const secret of secrets) {
      for (const form of secretVariants(secret)) assert.ok(!output.includes(form), `"${form}" leaked into:\n${output}`);
    }
  });
});
