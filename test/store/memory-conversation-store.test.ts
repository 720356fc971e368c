import assert from 'node:assert/strict';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { StoreClosedError } from '../../src/store/store-errors';
import { describeConversationStore } from './conversation-store-contract';
import { describeDeliveryLog, describeLocks } from './coordination-contract';
import { MemoryDeliveryLog } from '../../src/store/delivery-log';
import { MemoryLocks } from '../../src/store/locks';

describeConversationStore('MemoryConversationStore', async () => {
  let now = 1_000_000;
  const store = new MemoryConversationStore<{ step: string; n?: number }>({ now: () => now });
  return {
    store,
    advance: async (ms: number) => {
      now += ms;
    },
  };
});

describe('MemoryConversationStore', () => {
  it('sweeps expired entries so an idle bot does not grow', async () => {
    let now = 0;
    const store = new MemoryConversationStore<number>({ now: () => now, sweepAbove: 3 });
    for (let i = 0; i < 3; i += 1) await store.put({ platform: 'p', channel: 'c', thread: String(i) }, i, { expectedVersion: 0, ttlMs: 10 });
    now = 20;
    await store.put({ platform: 'p', channel: 'c', thread: 'new' }, 9, { expectedVersion: 0, ttlMs: 10 });
    assert.equal(store.size, 1, 'the fourth entry went past the limit and the three expired ones were swept');
  });

  it('refuses use after close', async () => {
    const store = new MemoryConversationStore<number>();
    await store.close();
    await assert.rejects(store.get({ platform: 'p', channel: 'c', thread: 't' }), StoreClosedError);
  });
});

describe('MemoryPreferenceStore', () => {
  it('remembers a language per platform and user', async () => {
    const prefs = new MemoryPreferenceStore();
    await prefs.setLanguage('slack', 'U1', 'de');
    assert.equal(await prefs.getLanguage('slack', 'U1'), 'de');
    assert.equal(await prefs.getLanguage('discord', 'U1'), undefined);
  });
});

describeLocks('MemoryLocks', async () => {
  let now = 0;
  return { locks: new MemoryLocks(() => now), advance: async (ms) => void (now += ms) };
});

describeDeliveryLog('MemoryDeliveryLog', async () => {
  let now = 0;
  return { log: new MemoryDeliveryLog(() => now), advance: async (ms) => void (now += ms) };
});
