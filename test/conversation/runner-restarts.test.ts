import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import { MemoryLocks } from '../../src/store/locks';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryRunningDiagnoses } from '../../src/store/running-diagnoses';
import { ALL_CAPABILITIES } from './support/driver';
import { report } from './support/fixtures';
import { RecordingOutput } from './support/recording-output';

const KEY = { platform: 'slack', channel: 'C1', thread: '1700000000.000100' };

/** A diagnosis that runs until it is stopped (a slow server), and one that answers. */
const hanging: Diagnose = (request) => new Promise((_resolve, reject) => request.options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
const answering: Diagnose = async () => report();

/**
 * Two runners on one store and one set of locks stand for two processes (or one process before
 * and after a restart). What the first leaves behind when it stops mid-diagnosis is what the
 * second must cope with.
 */
describe('ConversationRunner: a diagnosis whose process stopped', () => {
  function processes() {
    const store = new MemoryConversationStore<ConversationState>();
    const coordination = { locks: new MemoryLocks(), running: new MemoryRunningDiagnoses(), lockTtlMs: 200 };
    const make = (diagnose: Diagnose) => new ConversationRunner({ store, coordination, diagnose, discover: async () => { throw new Error('no discovery'); } });
    return { store, coordination, make };
  }

  it('is told to the user at their next answer, with "Run again" that works in the new process', async () => {
    const { store, coordination, make } = processes();
    const first = make(hanging);
    const output = new RecordingOutput();
    await first.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, output);
    assert.equal((await store.get(KEY))?.value.step, 'running');
    assert.equal(await coordination.locks.held(`diagnosis:${'slack:C1:1700000000.000100'}:1`), true, 'the run holds its lock');
    // The process stops after its grace period: the run is cut short, nothing reports back.
    await first.close();
    const stored = await store.get(KEY);
    assert.equal(stored?.value.step, 'running', 'the store still says running');
    // A moment later (past the grace for taking the lock), the user writes to another process.
    await store.put(KEY, { ...stored!.value, lastActivityAt: Date.now() - 10_000 }, { expectedVersion: stored!.version, ttlMs: 60_000 });

    const second = make(answering);
    const later = new RecordingOutput();
    await second.handle(KEY, { type: 'text', text: 'is it done?' }, later);
    await second.settled();
    const said = later.of('say').map((s) => s.text);
    assert.ok(said.some((t) => /interrupted/.test(t)), said.join('\n'));
    assert.ok(!said.some((t) => /still running/.test(t)), 'never a silent "still running"');
    const question = later.of('ask').at(-1)?.question;
    assert.ok(question?.choices.some((c) => c.id === 'again'), 'offers Run again');

    await second.handle(KEY, { type: 'choice', choiceId: 'again' }, later);
    await second.settled();
    assert.equal(later.of('report').length, 1, 'the new process ran it to a report');
    assert.equal((await store.get(KEY))?.value.step, 'report');
    await second.close();
  });

  it('a run that is alive (its lock renewed) is not mistaken for a dead one', async () => {
    const { store, make } = processes();
    // The lock's time to live and its renewals on sinon's clock: 500 ms pass at once, in order.
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const first = make(hanging);
    try {
      await first.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, new RecordingOutput());
      // Longer than the lock's time to live: only renewal keeps it.
      await clock.tickAsync(500);
    } finally {
      clock.restore();
    }
    const stored = await store.get(KEY);
    await store.put(KEY, { ...stored!.value, lastActivityAt: Date.now() - 10_000 }, { expectedVersion: stored!.version, ttlMs: 60_000 });
    const second = make(answering);
    const output = new RecordingOutput();
    await second.handle(KEY, { type: 'text', text: 'is it done?' }, output);
    assert.ok(output.of('say').some((s) => /still running/.test(s.text)));
    assert.ok(!output.of('say').some((s) => /interrupted/.test(s.text)));
    await first.close();
    await second.close();
  });

  it('a cancel taken by another process stops the run where it runs', async () => {
    const { store, make } = processes();
    let aborted = false;
    const first = make((request) => new Promise((_resolve, reject) => request.options?.signal?.addEventListener('abort', () => {
      aborted = true;
      reject(new Error('aborted'));
    })));
    await first.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, new RecordingOutput());
    const second = make(answering);
    await second.handle(KEY, { type: 'choice', choiceId: 'cancel' }, new RecordingOutput());
    assert.equal(await store.get(KEY), undefined);
    await first.settled();
    assert.equal(aborted, true, 'the first process saw the conversation move on and stopped its engine');
    await first.close();
    await second.close();
  });
});
