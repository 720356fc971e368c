import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { LineReader, type LineRead, type LineReaderLimits } from '../../src/probes/line-reader';
import { FUZZ_RUNS } from '../fuzz/support/fuzz-settings';

/** Writes `chunks` one per tick, then ends the stream. */
async function play(stream: PassThrough, chunks: Buffer[]): Promise<void> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve));
    stream.write(chunk);
  }
  stream.end();
}

/** Every result until the first that is not a line (reads asked one after another). */
async function readAll(bytes: Buffer, cuts: number[], limits: LineReaderLimits): Promise<LineRead[]> {
  const stream = new PassThrough();
  const reader = new LineReader(stream, limits);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, bytes.length].slice(1).map((end, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], end)).filter((c) => c.length);
  const playing = play(stream, chunks);
  const reads: LineRead[] = [];
  for (;;) {
    const read = await reader.readLine(2000);
    reads.push(read);
    if (read.kind !== 'line') break;
  }
  stream.destroy();
  await playing;
  return reads;
}

/** What the reader must return for these bytes, whatever the chunking: a model, not the code. */
function expected(bytes: Buffer, { maxLineBytes, maxTotalBytes }: LineReaderLimits): LineRead[] {
  const accepted = bytes.subarray(0, maxTotalBytes);
  const reads: LineRead[] = [];
  let start = 0;
  for (let newline = accepted.indexOf(0x0a); newline >= 0; newline = accepted.indexOf(0x0a, start)) {
    if (newline - start > maxLineBytes) return [...reads, { kind: 'overflow' }];
    reads.push({ kind: 'line', line: accepted.subarray(start, newline).toString('latin1').replace(/\r$/, '') });
    start = newline + 1;
  }
  const rest = accepted.length - start;
  if (rest > maxLineBytes || bytes.length > maxTotalBytes) return [...reads, { kind: 'overflow' }];
  return [...reads, { kind: 'closed' }];
}

/** Lines of mostly short text, some long, with CRLF or bare LF, and sometimes an unfinished tail. */
const serverBytes = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: 20, maxLength: 80 })), fc.constantFrom('\r\n', '\n')), { maxLength: 40 }),
    fc.string({ maxLength: 40 }),
  )
  .map(([lines, tail]) => Buffer.from(lines.map(([text, end]) => text.replace(/\n/g, ' ') + end).join('') + tail.replace(/\n/g, ' '), 'latin1'));

describe('probes/line-reader', function () {
  it('property: random chunking never changes the lines read', async function () {
    await fc.assert(
      fc.asyncProperty(
        serverBytes,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.record({ maxLineBytes: fc.integer({ min: 8, max: 64 }), maxTotalBytes: fc.integer({ min: 32, max: 2048 }) }),
        async (bytes, cuts, limits) => {
          const reads = await readAll(bytes, cuts, limits);
          assert.deepEqual(reads, expected(bytes, limits));
          assert.deepEqual(reads, await readAll(bytes, [], limits), 'one chunk reads the same');
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('many short lines arriving at once past twice maxLineBytes are all read, none spliced', async function () {
    const lines = Array.from({ length: 200 }, (_, i) => `* line ${i}`);
    const stream = new PassThrough();
    const reader = new LineReader(stream, { maxLineBytes: 64, maxTotalBytes: 64 * 1024 });
    stream.write(lines.slice(0, 100).map((l) => `${l}\r\n`).join(''));
    stream.write(lines.slice(100).map((l) => `${l}\r\n`).join(''));
    for (const line of lines) assert.deepEqual(await reader.readLine(1000), { kind: 'line', line });
  });

  it('two reads at once get two successive lines, in the order asked', async function () {
    const stream = new PassThrough();
    const reader = new LineReader(stream);
    const first = reader.readLine(1000);
    const second = reader.readLine(1000);
    stream.write('one\r\ntwo\r\n');
    assert.deepEqual(await Promise.all([first, second]), [{ kind: 'line', line: 'one' }, { kind: 'line', line: 'two' }]);
  });

  it('a read that timed out does not take the line meant for the next one', async function () {
    const stream = new PassThrough();
    const reader = new LineReader(stream);
    assert.deepEqual(await reader.readLine(10), { kind: 'timeout' });
    const next = reader.readLine(1000);
    stream.write('late\r\n');
    assert.deepEqual(await next, { kind: 'line', line: 'late' });
  });

  it('keeps exactly the first 64 bytes as the head, however they were cut', async function () {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => i % 256));
    for (const sizes of [[200], [10, 190], [1, 2, 3, 194], [63, 1, 136], [64, 136]]) {
      const stream = new PassThrough();
      const reader = new LineReader(stream, { maxLineBytes: 1024 });
      let offset = 0;
      for (const size of sizes) {
        stream.write(bytes.subarray(offset, offset + size));
        offset += size;
      }
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(reader.headBytesReceived(), bytes.subarray(0, 64), `chunks ${sizes.join('+')}`);
    }
  });
});
