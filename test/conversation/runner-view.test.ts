import assert from 'node:assert/strict';
import { otherOwner } from '../../src/conversation/runner/conversation-view';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { ConversationState } from '../../src/conversation/state';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, report } from './support/fixtures';
import { ManualScheduler } from './support/manual-scheduler';
import { RecordingOutput } from './support/recording-output';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };

// Adapters ask the runner whose a conversation is, in which language, and whether it works,
// instead of reading the machine's state from the store.
describe('ConversationRunner.conversation (what an adapter may know)', () => {
  it('follows the conversation: owner, language, working while the settings search runs, gone at the end', async () => {
    const scheduler = new ManualScheduler();
    const store = new MemoryConversationStore<ConversationState>({ now: () => scheduler.now() });
    let finishDiscovery!: (result: DiscoveryResult) => void;
    const discover = () => new Promise<DiscoveryResult>((resolve) => (finishDiscovery = resolve));
    const runner = new ConversationRunner({ store, discover, diagnose: async () => report(), scheduler });
    const output = new RecordingOutput();
    assert.equal(await runner.conversation(KEY), undefined);

    await runner.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'alice@acme.com', locale: 'de', capabilities: ALL_CAPABILITIES }, output);
    assert.deepEqual(await runner.conversation(KEY), { ownerId: 'U1', language: 'de', working: true });

    finishDiscovery(ACME_DISCOVERY);
    await runner.settled();
    assert.deepEqual(await runner.conversation(KEY), { ownerId: 'U1', language: 'de', working: false });

    await runner.handle(KEY, { type: 'choice', choiceId: 'cancel' }, output);
    await runner.settled();
    assert.equal(await runner.conversation(KEY), undefined);
    await runner.close();
  });

  it('a store that fails makes the query fail (the adapter tells the user), it is not "no conversation"', async () => {
    const store = new MemoryConversationStore<ConversationState>();
    store.get = async () => {
      throw new Error('redis down');
    };
    const runner = new ConversationRunner({ store, discover: async () => ACME_DISCOVERY, diagnose: async () => report() });
    await assert.rejects(runner.conversation(KEY), /redis down/);
  });

  it('otherOwner names the owner only when the conversation is someone else’s', () => {
    const view = { ownerId: 'U1', language: 'en' as const, working: false };
    assert.equal(otherOwner(view, 'U2'), 'U1');
    assert.equal(otherOwner(view, 'U1'), undefined);
    assert.equal(otherOwner(undefined, 'U2'), undefined);
  });
});
