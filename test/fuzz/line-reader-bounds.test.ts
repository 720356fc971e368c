import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { LineReader } from '../../src/probes/line-reader';
import { FUZZ_RUNS, withinDeadline } from './support/fuzz-settings';

/** Every read from the network is bounded in size and time, whatever the peer does. */
describe('line reader bounds', function () {
  it('a flood without a newline ends in overflow and buffers a bounded amount', async function () {
    const stream = new PassThrough();
    const reader = new LineReader(stream, { maxLineBytes: 1024, maxTotalBytes: 64 * 1024 });
    const chunk = Buffer.alloc(16 * 1024, 0x41);
    for (let i = 0; i < 320; i++) stream.write(chunk); // 5 MB
    const read = await withinDeadline(reader.readLine(1000));
    assert.equal(read.kind, 'overflow');
    const buffered = (reader as unknown as { buffer: Buffer }).buffer.length;
    assert.ok(buffered <= 2 * 1024 + chunk.length, `buffered ${buffered} bytes`);
    assert.ok(stream.isPaused(), 'the socket is paused past maxTotalBytes');
  });

  it('a server that drips one byte at a time still meets the deadline', async function () {
    const stream = new PassThrough();
    const reader = new LineReader(stream);
    const drip = setInterval(() => stream.write('x'), 5);
    try {
      const started = performance.now();
      const read = await reader.readLine(100);
      assert.equal(read.kind, 'timeout');
      assert.ok(performance.now() - started < 400);
    } finally {
      clearInterval(drip);
    }
  });

  // The bound counts the line's CR too, so a line exactly maxLineBytes long (plus CRLF) is
  // already an overflow; what matters is that nothing longer ever comes back.
  it('property: any line longer than maxLineBytes is an overflow, any shorter one is read whole', async function () {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 16, max: 128 }), async (length, max) => {
        const stream = new PassThrough();
        const reader = new LineReader(stream, { maxLineBytes: max });
        stream.write(`${'y'.repeat(length)}\r\n`);
        const read = await withinDeadline(reader.readLine(50));
        if (length < max) assert.deepEqual(read, { kind: 'line', line: 'y'.repeat(length) });
        else if (length > max) assert.equal(read.kind, 'overflow');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
