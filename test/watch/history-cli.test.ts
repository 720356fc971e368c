import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../app/main';
import { RedisHistoryStore } from '../../src/history/redis-history-store';
import { RedisConnection } from '../../src/store/redis/redis-client';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';

function io(env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env, stdin: new PassThrough() }, out: () => out, err: () => err };
}

describe('watch: mailhelp history --json against the bot\'s Redis', function () {
  this.timeout(20_000);
  let server: RedisTestServer | undefined;
  before(async function () {
    requireRedisServer(this);
    server = await startRedisServer();
  });
  after(() => server?.stop());

  it('prints the records of a user, newest first, as JSON', async function () {
    const redis = new RedisConnection({ url: server!.url, prefix: 'cli:' });
    await redis.connect();
    const history = new RedisHistoryStore(redis);
    const report = { verdict: 'problem' as const, settings: { incoming: { protocol: 'imap' as const, host: 'imap.acme.test', port: 993, security: 'tls' as const } }, findings: [], checks: [], vantage: { host: 'bot', description: '' }, durationMs: 5 };
    for (const [id, user, at] of [['R-AAAA', 'U1', 1000], ['R-BBBB', 'U2', 2000], ['R-CCCC', 'U1', 3000]] as const) {
      await history.add({ id, platform: 'slack', channel: 'C1', thread: '1.1', user: { id: user }, at: Date.now() - 10_000 + at, settings: report.settings, verdict: 'problem', causes: ['tcp.refused'], report });
    }
    await redis.close();
    const run = io({ MAILHELP_STORE: server!.url, MAILHELP_STORE_PREFIX: 'cli:' });
    assert.equal(await main(['history', '--json', '--user', 'U1'], run.io), 0, run.err());
    const records = JSON.parse(run.out()) as { id: string }[];
    assert.deepEqual(records.map((r) => r.id), ['R-CCCC', 'R-AAAA']);
  });

  it('with the memory store there is nothing to read: one line, exit 2', async function () {
    const run = io({});
    assert.equal(await main(['history', '--json'], run.io), 2);
    assert.match(run.err(), /MAILHELP_STORE=redis/);
  });
});
