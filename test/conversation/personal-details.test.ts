import assert from 'node:assert/strict';
import { maskAddress, maskStrings, personalDetailsMask } from '../../src/conversation/runner/personal-details';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { ConversationState } from '../../src/conversation/state';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, report } from './support/fixtures';
import { RecordingOutput } from './support/recording-output';

describe('personal details in threads others read', () => {
  it('masks an address to its first character and domain, a bare name to its first character', () => {
    assert.equal(maskAddress('alice@acme.com'), 'a***@acme.com');
    assert.equal(maskAddress('Élodie.Durand@exemple.fr'), 'É***@exemple.fr');
    assert.equal(maskAddress('alice'), 'a***');
  });

  it("masks the conversation's address and sign-in name wherever they occur, ignoring case; nothing else", () => {
    const state = { email: 'alice@acme.com', run: { id: 1, checks: [], withLogin: true, loginUser: 'ALICE.W' } } as unknown as ConversationState;
    const mask = personalDetailsMask(state)!;
    assert.equal(mask('Mail check for Alice@Acme.com: login as alice.w rejected; write to postmaster@acme.com'), 'Mail check for A***@Acme.com: login as a*** rejected; write to postmaster@acme.com');
    assert.equal(personalDetailsMask({ run: { id: 1, checks: [], withLogin: false } } as unknown as ConversationState), undefined, 'a server-only check has nothing to mask');
    const nested = maskStrings({ title: 'alice@acme.com', list: ['x alice@acme.com', 3], at: new Date(0) }, mask);
    assert.deepEqual(nested.title, 'a***@acme.com');
    assert.deepEqual(nested.list, ['x a***@acme.com', 3]);
    assert.ok(nested.at instanceof Date);
  });

  it('the runner masks what a shared thread shows, not private notes, and not where only the user reads', async () => {
    const store = new MemoryConversationStore<ConversationState>();
    const runner = new ConversationRunner({ store, discover: async () => ACME_DISCOVERY, diagnose: async () => report() });
    class SharedThread extends RecordingOutput {
      readonly seenByOthers = true;
    }
    const shared = new SharedThread();
    const own = new RecordingOutput();
    const start = { type: 'started' as const, user: { id: 'U1' }, text: 'alice@acme.com', capabilities: ALL_CAPABILITIES };
    await runner.handle({ platform: 't', channel: 'C', thread: '1' }, start, shared);
    await runner.handle({ platform: 't', channel: 'C', thread: '2' }, start, own);
    await runner.settled();
    assert.ok(!shared.transcript.includes('alice@acme.com'), shared.transcript);
    assert.match(shared.transcript, /a\*\*\*@acme\.com/u);
    assert.match(own.transcript, /alice@acme\.com/u);
    await runner.close();
  });
});
