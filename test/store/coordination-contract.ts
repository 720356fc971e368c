import assert from 'node:assert/strict';
import type { DeliveryLog } from '../../src/store/delivery-log';
import type { Locks } from '../../src/store/locks';

/** What every Locks must do; memory and Redis run the same suite. */
export function describeLocks(name: string, make: () => Promise<{ locks: Locks; advance(ms: number): Promise<void> }>): void {
  describe(`${name} (Locks contract)`, () => {
    it('one holder at a time; only its token renews or releases', async () => {
      const { locks } = await make();
      const first = await locks.acquire('run:C1', 60_000);
      assert.ok(first);
      assert.equal(await locks.acquire('run:C1', 60_000), undefined);
      assert.equal(await locks.held('run:C1'), true);
      assert.ok(await locks.acquire('run:C2', 60_000), 'another name is another lock');
      assert.equal(await first.renew(60_000), true);
      assert.equal(await first.release(), true);
      assert.equal(await first.release(), false);
      assert.equal(await locks.held('run:C1'), false);
      assert.ok(await locks.acquire('run:C1', 60_000));
    });

    it("a dead holder's lock expires; the old token can neither renew nor release the new holder's", async () => {
      const { locks, advance } = await make();
      const old = await locks.acquire('run:C1', 300);
      assert.ok(old);
      await advance(350);
      assert.equal(await locks.held('run:C1'), false);
      const next = await locks.acquire('run:C1', 60_000);
      assert.ok(next);
      assert.equal(await old.renew(60_000), false);
      assert.equal(await old.release(), false);
      assert.equal(await locks.held('run:C1'), true);
    });

    it('renewal keeps a lock past its first time to live', async () => {
      const { locks, advance } = await make();
      const lock = await locks.acquire('run:C1', 400);
      assert.ok(lock);
      await advance(250);
      assert.equal(await lock.renew(400), true);
      await advance(250);
      assert.equal(await locks.held('run:C1'), true);
    });
  });
}

/** What every DeliveryLog must do. */
export function describeDeliveryLog(name: string, make: () => Promise<{ log: DeliveryLog; advance(ms: number): Promise<void> }>): void {
  describe(`${name} (DeliveryLog contract)`, () => {
    it('claims an id once; a repeat loses; another id is its own', async () => {
      const { log } = await make();
      assert.equal(await log.claim('Ev1', 60_000), true);
      assert.equal(await log.claim('Ev1', 60_000), false);
      assert.equal(await log.claim('Ev2', 60_000), true);
    });

    it('exactly one of many simultaneous claims wins', async () => {
      const { log } = await make();
      const results = await Promise.all(Array.from({ length: 8 }, () => log.claim('Ev3', 60_000)));
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('forgets an id after its time to live', async () => {
      const { log, advance } = await make();
      assert.equal(await log.claim('Ev4', 300), true);
      await advance(350);
      assert.equal(await log.claim('Ev4', 300), true);
    });
  });
}
