import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import type { Report } from '../../src/diagnosis/report';
import { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../src/policy/limits/limits-config';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, check, report } from './support/fixtures';
import { ManualScheduler } from './support/manual-scheduler';
import { RecordingOutput } from './support/recording-output';

const TEN_MINUTES = 10 * 60_000;

/** A diagnosis the test finishes by hand, to hold a slot as long as it likes. */
class HeldDiagnoses {
  readonly started: { request: DiagnoseRequest; finish(result?: Report | Error): void }[] = [];
  readonly diagnose: Diagnose = (request) =>
    new Promise<Report>((resolve, reject) => {
      const finish = (result: Report | Error = report()): void => (result instanceof Error ? reject(result) : resolve(result));
      request.options?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      this.started.push({ request, finish });
    });
}

function setup(config: Partial<LimitsConfig>, diagnose: Diagnose = async () => report()) {
  const scheduler = new ManualScheduler();
  const store = new MemoryConversationStore<ConversationState>({ now: () => scheduler.now() });
  const limits = new DiagnosisLimits({ ...DEFAULT_LIMITS, ...config });
  const runner = new ConversationRunner({ store, discover: async () => ACME_DISCOVERY, diagnose, scheduler, limits });
  const outputs = new Map<string, RecordingOutput>();
  const key = (thread: string): ConversationKey => ({ platform: 'test', channel: 'C1', thread });
  const output = (thread: string): RecordingOutput => {
    if (!outputs.has(thread)) outputs.set(thread, new RecordingOutput());
    return outputs.get(thread)!;
  };
  /** A server-only check starts a diagnosis at once. */
  const start = (thread: string, user = 'U1', workspace?: string) =>
    runner.handle(key(thread), { type: 'started', user: { id: user, ...(workspace ? { workspace } : {}) }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, output(thread));
  const send = (thread: string, text: string) => runner.handle(key(thread), { type: 'text', text }, output(thread));
  const titles = (thread: string) => output(thread).of('progress').map((p) => p.progress.title);
  return { runner, limits, store, key, output, start, send, titles };
}

/** Lets queued output tasks and background work run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConversationRunner with limits', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('over the per-user limit: says why and when, the conversation goes on, and later the user can run again', async () => {
    // Only Date is faked: the rate windows read it; promises and the runner's own timers are real.
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const s = setup({ user: { limit: 2, windowMs: TEN_MINUTES } });
    await s.start('T1');
    await s.runner.settled();
    await s.send('T1', 'again');
    await s.runner.settled();
    assert.equal(s.output('T1').of('report').length, 2);

    clock.tick(60_000);
    await s.send('T1', 'again');
    await s.runner.settled();
    const refused = s.output('T1').of('progress').at(-1)?.progress;
    assert.equal(refused?.done, true);
    assert.equal(refused?.stopped, true);
    assert.equal(refused?.title, 'The check did not start.');
    // Why is the user's business: said to them alone, not in the thread.
    assert.equal(s.output('T1').of('private').at(-1)?.text, 'You have started 2 checks in the last 10 minutes. Please try again in 9 minutes.');
    assert.equal(s.output('T1').of('report').length, 2, 'no third report');
    // Not a dead end: the report question again, so "run again" works once the window has room.
    assert.equal((await s.store.get(s.key('T1')))?.value.step, 'report');
    assert.deepEqual(s.output('T1').of('ask').at(-1)?.question.choices.map((c) => c.id), ['again', 'another', 'done']);

    clock.tick(9 * 60_000);
    await s.send('T1', 'again');
    await s.runner.settled();
    assert.equal(s.output('T1').of('report').length, 3);
    assert.equal(s.limits.queue.running, 0);
    await s.runner.close();
  });

  it('checks the limit when /mailhelp is typed: a user over it is refused before any question, with no conversation to open', async () => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const s = setup({ user: { limit: 1, windowMs: TEN_MINUTES } });
    await s.start('T1');
    await s.runner.settled();
    const started = { type: 'started' as const, user: { id: 'U1' }, text: '', capabilities: ALL_CAPABILITIES };
    const prepared = await s.runner.prepareStart('test', started);
    assert.equal(prepared.opensConversation, false);
    assert.equal(prepared.event.refusal?.reason, 'user');
    await s.runner.handle(s.key('T2'), prepared.event, s.output('T2'));
    assert.deepEqual(s.output('T2').records.map((r) => r.kind), ['say', 'end']);
    assert.match(s.output('T2').of('say')[0]?.text ?? '', /^You have started 1 check in the last 10 minutes\. Please try again in 10 minutes\.$/);
    assert.equal(await s.store.get(s.key('T2')), undefined, 'nothing kept');
    // Nothing was counted by the check itself, and another user is not affected.
    assert.equal((await s.runner.prepareStart('test', { ...started, user: { id: 'U2' } })).opensConversation, true);
    clock.tick(TEN_MINUTES);
    assert.equal((await s.runner.prepareStart('test', started)).opensConversation, true);
    await s.runner.close();
  });

  it('the per-workspace limit counts every user of the workspace, in their own language', async () => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const s = setup({ workspace: { limit: 1, windowMs: TEN_MINUTES } });
    await s.start('T1', 'U1', 'W1');
    await s.runner.settled();
    await s.runner.handle(s.key('T2'), { type: 'started', user: { id: 'U2', workspace: 'W1' }, text: 'imap.acme.com:993', locale: 'de', capabilities: ALL_CAPABILITIES }, s.output('T2'));
    await s.runner.settled();
    assert.equal(s.titles('T2').at(-1), 'Die Prüfung wurde nicht gestartet.');
    assert.match(s.output('T2').of('private').at(-1)?.text ?? '', /^Dieser Workspace hat in den letzten 10 Minuten 1 Prüfung gestartet\./);
    // Another workspace is not affected.
    await s.start('T3', 'U3', 'W2');
    await s.runner.settled();
    assert.equal(s.output('T3').of('report').length, 1);
    await s.runner.close();
  });

  it('busy: "you are number N", updated as the line moves; cancel leaves the line; the slot passes on when a run ends', async () => {
    const held = new HeldDiagnoses();
    const s = setup({ maxConcurrent: 1 }, held.diagnose);
    await s.start('A');
    await s.start('B', 'U2');
    await s.start('C', 'U3');
    await tick();
    assert.equal(held.started.length, 1, 'one runs, two wait');
    assert.deepEqual(s.titles('B'), ['Checking imap.acme.com:993…', 'The bot is busy with other checks: you are number 1 in line. Your check starts by itself when it is your turn.']);
    assert.match(s.titles('C').at(-1) ?? '', /you are number 2 in line/);
    assert.equal(s.output('C').of('progress').at(-1)?.progress.queuePosition, 2);

    // B cancels while waiting: it leaves the line, and C moves up.
    await s.send('B', 'cancel');
    await tick();
    assert.match(s.output('B').of('say').at(-1)?.text ?? '', /Cancelled/);
    assert.match(s.titles('C').at(-1) ?? '', /you are number 1 in line/);
    assert.equal(s.limits.queue.queued, 1);

    // A finishes: its slot goes to C, whose message says again what it checks, then its checks.
    held.started[0]!.request.options?.onProgress?.(check('dns'));
    held.started[0]!.finish();
    await tick();
    await tick();
    assert.equal(s.output('A').of('report').length, 1);
    assert.equal(held.started.length, 2, 'C runs now');
    assert.equal(s.titles('C').at(-1), 'Checking imap.acme.com:993…');
    assert.equal(s.output('C').of('progress').at(-1)?.progress.queuePosition, undefined);
    held.started[1]!.finish();
    await s.runner.settled();
    assert.equal(s.output('C').of('report').length, 1);
    assert.equal(s.output('B').of('report').length, 0, 'B never ran');
    assert.deepEqual([s.limits.queue.running, s.limits.queue.queued], [0, 0]);
    await s.runner.close();
  });

  it('a run that fails or is cancelled while running gives its slot back', async () => {
    const held = new HeldDiagnoses();
    const s = setup({ maxConcurrent: 1 }, held.diagnose);
    await s.start('A');
    await tick();
    held.started[0]!.finish(new Error('engine broke'));
    await s.runner.settled();
    assert.match(s.output('A').of('say').at(-1)?.text ?? '', /a problem on the bot's side/);
    assert.equal(s.limits.queue.running, 0);

    await s.start('B');
    await tick();
    assert.equal(s.limits.queue.running, 1);
    await s.send('B', 'cancel');
    await s.runner.settled();
    assert.deepEqual([s.limits.queue.running, s.limits.queue.queued], [0, 0]);
    await s.runner.close();
  });

  it('shutting down: a waiting run is told the bot restarts, new runs too, and nothing crashes', async () => {
    const held = new HeldDiagnoses();
    const s = setup({ maxConcurrent: 1 }, held.diagnose);
    await s.start('A');
    await s.start('B', 'U2');
    await tick();
    s.limits.close();
    await tick();
    await tick();
    assert.match(s.output('B').of('private').at(-1)?.text ?? '', /restarting and takes no new checks/);
    assert.equal(s.output('B').of('progress').at(-1)?.progress.stopped, true);
    assert.equal((await s.store.get(s.key('B')))?.value.step, 'report');
    await s.start('C', 'U3');
    await tick();
    await tick();
    assert.match(s.output('C').of('private').at(-1)?.text ?? '', /restarting/);
    held.started[0]!.finish();
    await s.runner.settled();
    assert.equal(s.output('A').of('report').length, 1, 'the running check finished');
    await s.runner.close();
  });

  it('gives the engine the per-diagnosis connection cap', async () => {
    const requests: DiagnoseRequest[] = [];
    const s = setup({ maxConnections: 7 }, async (request) => {
      requests.push(request);
      return report();
    });
    await s.start('A');
    await s.runner.settled();
    assert.equal(requests[0]?.options?.maxConnections, 7);
    await s.runner.close();
  });

  it('without limits given, reads them from the environment', () => {
    const saved = process.env.MAILHELP_MAX_CONCURRENT;
    process.env.MAILHELP_MAX_CONCURRENT = '2';
    try {
      const runner = new ConversationRunner({ store: new MemoryConversationStore(), discover: async () => ACME_DISCOVERY, diagnose: async () => report() });
      assert.equal(runner.limits.config.maxConcurrent, 2);
    } finally {
      if (saved === undefined) delete process.env.MAILHELP_MAX_CONCURRENT;
      else process.env.MAILHELP_MAX_CONCURRENT = saved;
    }
  });
});
