import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import sinon from 'sinon';
import { LineReader } from '../../src/probes/line-reader';
import { imapCommand, readPop3Reply, readSmtpReply } from '../../src/probes/mail-commands';

/**
 * One deadline per command for its whole reply (issue 12 §2): a server that drips a line just
 * under the step timeout must not get a fresh timeout per line. Fake time, so a 100-line drip
 * that used to take 90 s is checked in an instant.
 */
describe('probes/mail-commands: one deadline for a whole reply', function () {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
  });
  afterEach(() => clock.restore());

  /** A stream that sends `line` every `everyMs` (what the client writes goes nowhere), and a reader on it. */
  function dripping(line: string, everyMs: number, first?: string) {
    const stream = new PassThrough();
    stream.write = (() => true) as typeof stream.write;
    const reader = new LineReader(stream);
    if (first) stream.push(`${first}\r\n`);
    const timer = setInterval(() => stream.push(`${line}\r\n`), everyMs);
    return { reader, stop: () => clearInterval(timer) };
  }

  /** Advances fake time in small steps so stream events (next ticks) run in between. */
  async function advance(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 50) {
      await clock.tickAsync(50);
    }
  }

  const cases = [
    { name: 'SMTP 250- lines', read: (r: LineReader) => readSmtpReply(r, 1000), line: '250-STILL-THINKING' },
    { name: 'IMAP untagged lines', read: (r: LineReader) => imapCommand(r, 'A1', 'CAPABILITY', 1000), line: '* OK still thinking' },
    { name: 'POP3 CAPA body lines', read: (r: LineReader) => readPop3Reply(r, 1000, true), line: 'STILL-THINKING', first: '+OK list follows' },
  ];
  for (const c of cases) {
    it(`${c.name} every 900 ms with a 1000 ms deadline: slow after 1000 ms, not after 100 lines`, async function () {
      const { reader, stop } = dripping(c.line, 900, c.first);
      let result: unknown;
      void c.read(reader).then((r) => (result = r));
      await advance(950);
      assert.equal(result, undefined, 'still reading before the deadline');
      await advance(150);
      stop();
      assert.ok(result && typeof result === 'object' && 'kind' in result, JSON.stringify(result));
      assert.equal((result as { kind: string }).kind, 'slow');
      assert.ok((result as { lines: number }).lines >= 1);
    });
  }

  it('a reply with nothing at all before the deadline is a timeout, not slow', async function () {
    const stream = new PassThrough();
    let result: unknown;
    void readSmtpReply(new LineReader(stream), 1000).then((r) => (result = r));
    await advance(1100);
    assert.deepEqual(result, { kind: 'timeout' });
  });

  it('a complete reply inside the deadline is read whole', async function () {
    const stream = new PassThrough();
    let result: unknown;
    void readSmtpReply(new LineReader(stream), 1000).then((r) => (result = r));
    stream.write('250-one\r\n');
    await advance(400);
    stream.write('250 two\r\n');
    await advance(100);
    assert.deepEqual(result, { code: 250, lines: ['one', 'two'], text: '250-one\n250 two' });
  });
});
