import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyBanner, readGreeting, type GreetingKind } from '../../src/probes/greeting';
import { imapCommand, parseEhlo, parseImapCapabilities, readPop3Reply, readSmtpReply } from '../../src/probes/mail-commands';
import { printable } from '../../src/probes/line-reader';
import { playback } from './support/arbitraries';
import { FUZZ_RUNS, withinDeadline } from './support/fuzz-settings';
import { readerFor } from './support/scripted-stream';

/**
 * Whatever a hostile or broken server sends, the readers the probes use answer with a value
 * (a reply, or why there is none) within their deadline. They never throw and never hang.
 * Each case plays the bytes through a PassThrough into a real LineReader.
 */
const DEADLINE_MS = 15;
// 'slow': the reply kept coming but did not finish within the command's one deadline (a drip).
const READ_FAILURES = new Set(['timeout', 'slow', 'closed', 'overflow', 'error', 'malformed']);
const GREETING_KINDS: ReadonlySet<GreetingKind> = new Set([
  'imap_ok', 'imap_preauth', 'imap_bye', 'pop3_ok', 'pop3_err', 'smtp_ready', 'smtp_unavailable',
  'smtp_rejected', 'mangled', 'garbage', 'tls_record', 'closed', 'silent', 'reset', 'overflow',
]);

/** A reply or a typed failure, nothing in between. */
function assertReplyOrFailure(result: object): void {
  if ('kind' in result) assert.ok(READ_FAILURES.has(String(result.kind)), JSON.stringify(result));
}

const runs = { numRuns: FUZZ_RUNS };
/** Small lines and totals so the overflow paths are reached too. */
const limits = { maxLineBytes: 256, maxTotalBytes: 4096 };

describe('fuzz: server reply readers never throw and never hang', function () {
  this.timeout(120_000);

  it('readSmtpReply', async function () {
    await fc.assert(
      fc.asyncProperty(playback, async (p) => {
        const { reader } = readerFor(p, limits);
        const reply = await withinDeadline(readSmtpReply(reader, DEADLINE_MS));
        assertReplyOrFailure(reply);
        if (!('kind' in reply)) {
          assert.ok(reply.code >= 100 && reply.code <= 999);
          assert.ok(reply.lines.length >= 1 && reply.lines.length <= 100);
          parseEhlo(reply); // must not throw either
        }
      }),
      runs,
    );
  });

  it('imapCommand (tagged completion after untagged lines)', async function () {
    await fc.assert(
      fc.asyncProperty(playback, async (p) => {
        const { reader, written } = readerFor(p, limits);
        const reply = await withinDeadline(imapCommand(reader, 'A1', 'CAPABILITY', DEADLINE_MS));
        assertReplyOrFailure(reply);
        if (!('kind' in reply)) {
          assert.ok(['OK', 'NO', 'BAD'].includes(reply.status));
          parseImapCapabilities(reply.untagged);
        }
        assert.equal(written(), 'A1 CAPABILITY\r\n');
      }),
      runs,
    );
  });

  it('readPop3Reply, single and multi-line', async function () {
    await fc.assert(
      fc.asyncProperty(playback, fc.boolean(), async (p, multiline) => {
        const { reader } = readerFor(p, limits);
        const reply = await withinDeadline(readPop3Reply(reader, DEADLINE_MS, multiline));
        assertReplyOrFailure(reply);
        if (!('kind' in reply)) assert.ok(reply.body.length <= 100);
      }),
      runs,
    );
  });

  it('readGreeting classifies every banner as a known kind, with bounded printable text', async function () {
    await fc.assert(
      fc.asyncProperty(playback, async (p) => {
        const { reader } = readerFor(p, limits);
        const greeting = await withinDeadline(readGreeting(reader, { timeoutMs: DEADLINE_MS }));
        assert.ok(GREETING_KINDS.has(greeting.kind), greeting.kind);
        assert.ok(greeting.text.length <= 401, `text of ${greeting.text.length} characters`);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(greeting.text.replace(/\n/g, ''), /[\x00-\x08\x0b-\x1f\x7f]/);
      }),
      runs,
    );
  });
});

describe('fuzz: pure banner and capability parsers', function () {
  const anyBanner = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.tuple(fc.constantFrom('* OK ', '* BYE', '+OK', '-ERR', '220 ', '220-', '421 ', '554 ', '\x16\x03\x01', '\x15\x03'), fc.string({ maxLength: 100 })).map(([a, b]) => a + b),
  );

  it('classifyBanner always returns a known kind and never throws', function () {
    fc.assert(
      fc.property(anyBanner, (text) => {
        const classified = classifyBanner(text);
        assert.ok(GREETING_KINDS.has(classified.kind), classified.kind);
        if (classified.protocol) assert.ok(['imap', 'pop3', 'smtp'].includes(classified.protocol));
      }),
      runs,
    );
  });

  it('classifyBanner stays fast on huge input (no catastrophic backtracking)', function () {
    const started = performance.now();
    for (const text of ['*'.repeat(200_000), `220 ${'* '.repeat(100_000)}`, `220-${'9'.repeat(200_000)}`, '\n'.repeat(200_000)]) classifyBanner(text);
    assert.ok(performance.now() - started < 1000);
  });

  it('parseImapCapabilities and printable never throw', function () {
    fc.assert(
      fc.property(fc.array(anyBanner, { maxLength: 5 }), (lines) => {
        const capabilities = parseImapCapabilities(lines);
        if (capabilities) for (const c of capabilities) assert.equal(c, c.toUpperCase());
        for (const line of lines) assert.ok(printable(line, 50).length <= 51);
      }),
      runs,
    );
  });
});
