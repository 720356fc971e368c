import assert from 'node:assert/strict';
import type { ConversationKey } from '../../src/store/conversation-key';
import { type ConversationStore, NO_VERSION } from '../../src/store/conversation-store';
import { VersionConflictError } from '../../src/store/store-errors';

export interface StoreUnderTest {
  store: ConversationStore<{ step: string; n?: number }>;
  /** Moves the store's clock forward (a fake clock for memory, real waiting for Redis). */
  advance(ms: number): Promise<void>;
}

const KEY: ConversationKey = { platform: 'slack', channel: 'C1', thread: '1700000000.000100' };
const OTHER: ConversationKey = { platform: 'discord', channel: 'C1', thread: '1700000000.000100' };

/** What every ConversationStore must do; a Redis store runs the same suite. */
export function describeConversationStore(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (ConversationStore contract)`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.store.close();
    });

    it('creates, reads and updates with compare-and-set versions', async () => {
      const { store } = subject;
      assert.equal(await store.get(KEY), undefined);
      const created = await store.put(KEY, { step: 'ask_email' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      assert.deepEqual((await store.get(KEY))?.value, { step: 'ask_email' });
      const updated = await store.put(KEY, { step: 'discovering' }, { expectedVersion: created.version, ttlMs: 60_000 });
      assert.ok(updated.version > created.version);
      assert.deepEqual((await store.get(KEY))?.value, { step: 'discovering' });
    });

    it('refuses a write based on an old version: two events cannot overwrite each other', async () => {
      const { store } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      await store.put(KEY, { step: 'b' }, { expectedVersion: v1.version, ttlMs: 60_000 });
      await assert.rejects(store.put(KEY, { step: 'c' }, { expectedVersion: v1.version, ttlMs: 60_000 }), VersionConflictError);
      await assert.rejects(store.put(KEY, { step: 'c' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 }), VersionConflictError);
      assert.deepEqual((await store.get(KEY))?.value, { step: 'b' });
    });

    it('lets exactly one of two concurrent writers win', async () => {
      const { store } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      const results = await Promise.allSettled([
        store.put(KEY, { step: 'x' }, { expectedVersion: v1.version, ttlMs: 60_000 }),
        store.put(KEY, { step: 'y' }, { expectedVersion: v1.version, ttlMs: 60_000 }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError));
    });

    it('never reuses a version after a delete', async () => {
      const { store } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      assert.equal(await store.delete(KEY), true);
      const again = await store.put(KEY, { step: 'b' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      assert.notEqual(again.version, v1.version);
      await assert.rejects(store.put(KEY, { step: 'c' }, { expectedVersion: v1.version, ttlMs: 60_000 }), VersionConflictError);
    });

    it('deletes only the expected version when one is given', async () => {
      const { store } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      const v2 = await store.put(KEY, { step: 'b' }, { expectedVersion: v1.version, ttlMs: 60_000 });
      await assert.rejects(store.delete(KEY, v1.version), VersionConflictError);
      assert.equal(await store.delete(KEY, v2.version), true);
      assert.equal(await store.delete(KEY), false);
    });

    it('expires entries after their time to live; an expired entry counts as absent', async () => {
      const { store, advance } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 1000 });
      await advance(1001);
      assert.equal(await store.get(KEY), undefined);
      await assert.rejects(store.put(KEY, { step: 'b' }, { expectedVersion: v1.version, ttlMs: 1000 }), VersionConflictError);
      await store.put(KEY, { step: 'b' }, { expectedVersion: NO_VERSION, ttlMs: 1000 });
    });

    it('each write renews the time to live', async () => {
      const { store, advance } = subject;
      const v1 = await store.put(KEY, { step: 'a' }, { expectedVersion: NO_VERSION, ttlMs: 1000 });
      await advance(600);
      await store.put(KEY, { step: 'b' }, { expectedVersion: v1.version, ttlMs: 1000 });
      await advance(600);
      assert.deepEqual((await store.get(KEY))?.value, { step: 'b' });
    });

    it('keeps platforms, channels and threads apart', async () => {
      const { store } = subject;
      await store.put(KEY, { step: 'slack' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      await store.put(OTHER, { step: 'discord' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      await store.put({ platform: 'slack', channel: 'C1:x', thread: 'y' }, { step: 'colon' }, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      assert.deepEqual((await store.get(KEY))?.value, { step: 'slack' });
      assert.deepEqual((await store.get(OTHER))?.value, { step: 'discord' });
      assert.equal(await store.get({ platform: 'slack', channel: 'C1', thread: 'x:y' }), undefined);
    });

    it('hands out copies: changing a value read does not change the stored one', async () => {
      const { store } = subject;
      const written = { step: 'a', n: 1 };
      await store.put(KEY, written, { expectedVersion: NO_VERSION, ttlMs: 60_000 });
      written.n = 2;
      const read = await store.get(KEY);
      assert.equal(read?.value.n, 1);
      if (read) read.value.n = 3;
      assert.equal((await store.get(KEY))?.value.n, 1);
    });
  });
}
