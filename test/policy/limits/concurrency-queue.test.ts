import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ConcurrencyQueue, QueueCancelledError, QueueFullError } from '../../../src/policy/limits/concurrency-queue';

/** Lets granted promises settle (they resolve in microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('limits: global concurrency cap with a FIFO queue', function () {
  it('runs up to the cap at once; the rest wait with their place in line', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 2 });
    const a = queue.request();
    const b = queue.request();
    const c = queue.request();
    const d = queue.request();
    assert.deepEqual([a.position, b.position, c.position, d.position], [0, 0, 1, 2]);
    assert.equal(queue.running, 2);
    assert.equal(queue.queued, 2);
    await Promise.all([a.granted, b.granted]);
  });

  it('grants in arrival order and tells each waiting caller when it moves up', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const order: string[] = [];
    const positions: Record<string, number[]> = { b: [], c: [], d: [] };
    const a = queue.request();
    const b = queue.request({ onPosition: (p) => positions.b!.push(p) });
    const c = queue.request({ onPosition: (p) => positions.c!.push(p) });
    const d = queue.request({ onPosition: (p) => positions.d!.push(p) });
    for (const [name, slot] of [['b', b], ['c', c], ['d', d]] as const) void slot.granted.then(() => order.push(name));
    assert.deepEqual([b.position, c.position, d.position], [1, 2, 3]);

    a.release();
    await settle();
    assert.deepEqual(order, ['b']);
    assert.deepEqual([b.position, c.position, d.position], [0, 1, 2]);
    b.release();
    await settle();
    c.release();
    await settle();
    assert.deepEqual(order, ['b', 'c', 'd']);
    assert.deepEqual(positions, { b: [0], c: [1, 0], d: [2, 1, 0] });
    d.release();
    assert.equal(queue.running, 0);
  });

  it('a waiting caller can cancel: it leaves the line, the others move up, its promise rejects', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const a = queue.request();
    const b = queue.request();
    const cPositions: number[] = [];
    const c = queue.request({ onPosition: (p) => cPositions.push(p) });
    b.cancel();
    await assert.rejects(b.granted, (error: unknown) => error instanceof QueueCancelledError && error.why === 'cancelled');
    assert.equal(c.position, 1);
    assert.deepEqual(cPositions, [1]);
    a.release();
    await c.granted;
    assert.equal(queue.running, 1);
    c.release();
    b.cancel(); // again: nothing happens
    assert.equal(queue.running, 0);
  });

  it('an abort signal takes a waiting caller out of the line, but never frees a running slot', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const runningController = new AbortController();
    const a = queue.request({ signal: runningController.signal });
    const waitingController = new AbortController();
    const b = queue.request({ signal: waitingController.signal });
    waitingController.abort();
    await assert.rejects(b.granted, QueueCancelledError);
    runningController.abort();
    assert.equal(queue.running, 1, 'the running work still holds its slot until release()');
    a.release();
    assert.equal(queue.running, 0);
    assert.throws(() => queue.request({ signal: waitingController.signal }), QueueCancelledError);
  });

  it('release() is idempotent and never frees more than one slot', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const a = queue.request();
    const b = queue.request();
    const c = queue.request();
    a.release();
    a.release();
    a.cancel();
    await settle();
    assert.equal(queue.running, 1);
    assert.equal(c.position, 1);
    b.release();
    await c.granted;
  });

  it('a full queue refuses at once', function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1, maxQueued: 2 });
    queue.request();
    queue.request();
    queue.request();
    assert.throws(() => queue.request(), QueueFullError);
  });

  it('run() waits its turn, runs, and frees the slot even when the work fails', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const first = queue.run(async () => {
      throw new Error('boom');
    });
    const second = queue.run(async () => 'second');
    await assert.rejects(first, /boom/);
    assert.equal(await second, 'second');
    assert.equal(queue.running, 0);
  });

  it('close() sends the waiting away and refuses new callers; running work goes on', async function () {
    const queue = new ConcurrencyQueue({ maxConcurrent: 1 });
    const a = queue.request();
    const b = queue.request();
    queue.close();
    await assert.rejects(b.granted, (error: unknown) => error instanceof QueueCancelledError && error.why === 'closed');
    assert.throws(() => queue.request(), QueueCancelledError);
    assert.equal(queue.running, 1);
    a.release();
    assert.equal(queue.running, 0);
  });

  describe('with fake timers', function () {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => (clock = sinon.useFakeTimers()));
    afterEach(() => clock.restore());

    it('a caller waiting longer than maxWaitMs leaves with a timeout; one granted in time does not', async function () {
      const queue = new ConcurrencyQueue({ maxConcurrent: 1, maxWaitMs: 60_000 });
      const a = queue.request();
      const b = queue.request();
      const c = queue.request();
      let bGranted = false;
      void b.granted.then(() => (bGranted = true));
      await clock.tickAsync(30_000);
      a.release();
      await clock.tickAsync(0);
      assert.equal(bGranted, true);
      await clock.tickAsync(30_000);
      await assert.rejects(c.granted, (error: unknown) => error instanceof QueueCancelledError && error.why === 'timeout');
      assert.equal(queue.queued, 0);
      await clock.tickAsync(120_000);
      assert.equal(queue.running, 1, 'b keeps its slot past maxWaitMs: the limit is on waiting only');
      b.release();
    });

    it('queued diagnoses start one after another as timed work finishes', async function () {
      const queue = new ConcurrencyQueue({ maxConcurrent: 2 });
      const started: number[] = [];
      const work = (id: number) => queue.run(async () => {
        started.push(id);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      });
      const all = Promise.all([1, 2, 3, 4, 5].map(work));
      await clock.tickAsync(0);
      assert.deepEqual(started, [1, 2]);
      await clock.tickAsync(1000);
      assert.deepEqual(started, [1, 2, 3, 4]);
      await clock.tickAsync(1000);
      assert.deepEqual(started, [1, 2, 3, 4, 5]);
      await clock.tickAsync(1000);
      await all;
      assert.equal(queue.running, 0);
    });
  });
});
