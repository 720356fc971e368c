import assert from 'node:assert/strict';
import { requireRedisServer, type RedisTestServer, startRedisServer } from '../support/redis-server';
import { BotCluster, startSilentServer } from './support/bot-cluster';
import { posted } from './support/slack-harness';
import type { RecordedCall } from './support/fake-slack-api';
import { findButton } from './support/slack-harness';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Several `mailhelp start` processes in Slack HTTP mode, one Redis (real redis-server), one fake
 * Slack API: the test is the load balancer and sends each request to the process it chooses.
 */
describe('several bot processes, one Redis, one Slack app (child processes)', function () {
  this.timeout(120_000);
  let redis: RedisTestServer;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let cluster: BotCluster | undefined;

  before(async function () {
    requireRedisServer(this);
    redis = await startRedisServer();
    silent = await startSilentServer();
  });
  after(async () => {
    await silent?.close();
    await redis?.stop();
  });
  afterEach(async function () {
    if (cluster && this.currentTest?.state === 'failed') {
      console.log(cluster.handledLog().join('\n'));
      for (const p of cluster.processes.values()) console.log(p.name, JSON.stringify(p.lines.filter((l) => l.level >= 40 || /store|sweep/.test(l.msg)).slice(-15)));
    }
    await cluster?.stop();
    cluster = undefined;
  });

  const reportWithAgain = (c: BotCluster, after: number): Promise<RecordedCall> =>
    c.fake.waitForShown((call) => Array.isArray(call.args.blocks) && findButton(call.args.blocks, 'mailhelp_choice:again') !== undefined, 30_000, after);

  it('events of one conversation sent alternately to two processes make one conversation; a retry sent to the other process is dropped', async () => {
    cluster = await BotCluster.start(redis, { MAILHELP_ALLOW_PORTS: String(silent.port), MAILHELP_TIMEOUT_MS: '700' });
    const a = await cluster.launch('A');
    const b = await cluster.launch('B');
    assert.notEqual(a.bot.child.pid, b.bot.child.pid);

    // A: /mailhelp opens the thread and asks for the address.
    assert.equal((await cluster.command('A', '')).status, 200);
    const root = await cluster.waitForPost(/started a mail check/);
    const thread = root.answer.ts as string;
    await cluster.waitForPost(/email address/);

    // B: a reply that is not an address; B knows the conversation only from Redis.
    let mark = cluster.callCount;
    const bad = cluster.reply('B', thread, 'no idea');
    assert.equal((await bad.sent).status, 200);
    const problem = await cluster.waitForPost(/doesn't look like an email address/, mark);
    // ...and asks again.
    await cluster.waitForPost(/email address of the account/, cluster.fake.calls.indexOf(problem));

    // A: Slack's retry of that very event reaches the other process: acked, and dropped.
    mark = cluster.callCount;
    assert.equal((await cluster.redeliver('A', bad.body, 1)).status, 200);
    // The drop line is the filter's last act for that event (it returns without calling the handler).
    await until(() => a.lines.some((l) => l.msg === 'slack: retry of an event already taken; dropped'), 'A to drop the retry');
    assert.deepEqual(
      cluster.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage').map((c) => c.args.text),
      [],
      'nothing was said twice',
    );

    // A: the server; the diagnosis runs in A and the report has "Check again".
    mark = cluster.callCount;
    cluster.reply('A', thread, `imap://127.0.0.1:${silent.port}`);
    const first = await reportWithAgain(cluster, mark);
    assert.equal(first.args.thread_ts, thread);

    // B: "Check again" on A's report; B runs the second diagnosis.
    mark = cluster.callCount;
    assert.equal((await cluster.click('B', posted(first), 'mailhelp_choice:again')).status, 200);
    const second = await reportWithAgain(cluster, mark);
    assert.equal(second.args.thread_ts, thread);

    // A: done.
    mark = cluster.callCount;
    assert.equal((await cluster.click('A', posted(second), 'mailhelp_choice:done')).status, 200);
    // The goodbye is for the user alone.
    await cluster.fake.waitFor('chat.postEphemeral', (c) => cluster!.fake.calls.indexOf(c) >= mark && /Glad I could help/.test(c.args.text ?? ''));

    const log = cluster.handledLog();
    console.log(`      which process handled which event:\n${log.map((l) => `        ${l}`).join('\n')}`);
    const applied = log.filter((l) => / {2}event (started|text|choice):/.test(l)).map((l) => l.slice(0, 1));
    assert.deepEqual(applied, ['A', 'B', 'A', 'B', 'A'], log.join('\n'));
    // Each diagnosis ran in the process that took the request starting it.
    const finished = log.filter((l) => /event diagnosis_finished/.test(l)).map((l) => l.slice(0, 1));
    assert.deepEqual(finished, ['A', 'B'], log.join('\n'));

    // A's /metrics counts the one diagnosis A ran, with its verdict and cause.
    const metrics = await (await fetch(a.url.replace('/slack/events', '/metrics'))).text();
    const sample = metrics.split('\n').filter((l) => /^mailhelp_/.test(l) && !/_bucket/.test(l));
    console.log(`      /metrics of A:\n${sample.map((l) => `        ${l}`).join('\n')}`);
    assert.match(metrics, /^mailhelp_diagnoses_total\{verdict="problem",cause="[a-z_.]+"\} 1$/m);
    assert.match(metrics, /^mailhelp_time_to_verdict_seconds_count\{verdict="problem"\} 1$/m);
    assert.match(metrics, /^mailhelp_connections_opened_total [1-9]\d*$/m);
  });

  it('a process SIGKILLed mid-diagnosis: the other notices (lock expired, no result), tells the user, and runs it again', async () => {
    cluster = await BotCluster.start(redis, { MAILHELP_ALLOW_PORTS: String(silent.port), MAILHELP_TIMEOUT_MS: '2500', MAILHELP_RUN_LOCK_TTL_MS: '1500' });
    const a = await cluster.launch('A');
    await cluster.launch('B');
    assert.equal((await cluster.command('A', '')).status, 200);
    const root = await cluster.waitForPost(/started a mail check/);
    const thread = root.answer.ts as string;
    await cluster.waitForPost(/email address/);

    // A starts the diagnosis; it waits on the silent server, and A dies there.
    let mark = cluster.callCount;
    const connectionsBefore = silent.accepted;
    cluster.reply('A', thread, `imap://127.0.0.1:${silent.port}`);
    await cluster.waitForPost(/Checking/, mark);
    // The engine is connected to the server: the run holds its lock and is registered.
    await until(() => silent.accepted > connectionsBefore, 'A to connect to the mail server');
    mark = cluster.callCount;
    a.bot.child.kill('SIGKILL');
    await a.bot.exited;

    // B finds the run whose lock expired and tells the user, with "Check again".
    const interrupted = await cluster.waitForPost(/interrupted/, mark, 20_000);
    assert.equal(interrupted.args.thread_ts, thread);
    // The channel's root says so too (issue 20.3), edited by B, which never saw the start.
    const edited = await cluster.fake.waitFor('chat.update', (c) => c.args.ts === thread && /⏹ Stopped: the bot restarted during the check\./u.test(String(c.args.text)));
    assert.match(String(edited.args.text), /^Mail check by <@U0ALICE>: /u);
    const next = await reportWithAgain(cluster, mark);
    assert.ok(cluster.get('B').lines.some((l) => /diagnosis interrupted/.test(l.msg ?? '')), 'B noticed it');

    // B runs it again to the end.
    mark = cluster.callCount;
    assert.equal((await cluster.click('B', posted(next), 'mailhelp_choice:again')).status, 200);
    const report = await reportWithAgain(cluster, mark);
    assert.equal(report.args.thread_ts, thread);
    console.log(`      which process handled which event:\n${cluster.handledLog().map((l) => `        ${l}`).join('\n')}`);
  });

  it('Redis stopped and restarted during a conversation: a clear message, no crash, readiness says so, and the conversation goes on', async () => {
    cluster = await BotCluster.start(redis, { MAILHELP_ALLOW_PORTS: String(silent.port), MAILHELP_TIMEOUT_MS: '700' });
    const a = await cluster.launch('A');
    const base = a.url.replace('/slack/events', '');
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await cluster.command('A', '')).status, 200);
    const root = await cluster.waitForPost(/started a mail check/);
    const thread = root.answer.ts as string;
    await cluster.waitForPost(/email address/);

    await redis.pause();
    try {
      const mark = cluster.callCount;
      assert.equal((await cluster.reply('A', thread, 'alice@').sent).status, 200);
      const note = await cluster.fake.waitFor('chat.postEphemeral', (c) => cluster!.fake.calls.indexOf(c) >= mark && /can't reach my storage/.test(c.args.text ?? ''));
      assert.equal(note.args.thread_ts, thread);
      const ready = await fetch(`${base}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(await ready.text(), /store: not ready/);
      assert.equal((await fetch(`${base}/healthz`)).status, 200, 'alive all the same');
      assert.equal(a.bot.child.exitCode, null, 'no crash');
    } finally {
      await redis.resume();
    }
    await until(() => a.lines.some((l) => l.msg === 'store: connected'), 'A to reconnect by itself', 20_000);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);

    // The conversation survived the restart (Redis's append-only file) and goes on.
    const mark = cluster.callCount;
    cluster.reply('A', thread, 'no idea');
    await cluster.waitForPost(/doesn't look like an email address/, mark);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /mailhelp_conversations_active 1/);
  });
});
