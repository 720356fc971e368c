import assert from 'node:assert/strict';
import { StartQueue } from '../../adapters/slack/start-queue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slack adapter: post-ack work yields to a burst of commands', () => {
  it('starts nothing while commands keep arriving, then runs at most `concurrency` at once', async () => {
    const queue = new StartQueue({ concurrency: 2, quietMs: 300, maxDeferMs: 10_000 });
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick(5);
      running -= 1;
      return i;
    };
    const results: Promise<number>[] = [];
    for (let i = 0; i < 6; i++) {
      results.push(queue.run(work(i)));
      await tick(10);
      assert.deepEqual(started, [], 'held back during the burst');
    }
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    assert.equal(most, 2);
    assert.equal(queue.pending, 0);
  });

  it('never holds work back longer than maxDeferMs, even under a steady stream', async () => {
    const queue = new StartQueue({ concurrency: 4, quietMs: 1000, maxDeferMs: 40 });
    const startedAt = performance.now();
    let ranAt = 0;
    const first = queue.run(async () => {
      ranAt = performance.now();
    });
    for (let i = 0; i < 10; i++) {
      void queue.run(async () => undefined);
      await tick(10);
    }
    await first;
    assert.ok(ranAt - startedAt < 200, `ran after ${ranAt - startedAt} ms`);
  });
});
