import assert from 'node:assert/strict';
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { CHOICES } from '../../src/conversation/choices';
import { ANSWER_WORDS, type AnswerMeaning, means, startsWithMeaning } from '../../src/conversation/parse/answer-words';
import { completeServer, inferSide } from '../../src/conversation/parse/complete-server';
import { normalizeReply, quoteInput } from '../../src/conversation/parse/normalize';
import { pickChoice } from '../../src/conversation/parse/parse-choice';
import { parseCommand } from '../../src/conversation/parse/parse-command';
import { parseEmail } from '../../src/conversation/parse/parse-email';
import { isHostName, parseServerSpec, type ServerSpec } from '../../src/conversation/parse/parse-server';
import { emailParts } from '../../src/discovery/discover';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { anyText, localPart, piecesOf, prototypeKey, unicodeDomain, variantsOf } from './support/arbitraries';
import { FUZZ_RUNS, quickly, wellFormed } from './support/fuzz-settings';

/**
 * The typed chat replies: a server (`imap.acme.com 993 ssl`, `smtp.acme.com:587 starttls`), a
 * choice (yes/no, a number, a word in any of the six languages), a `/mailhelp …` command, an
 * email address (IDN included). These parsers have no error to throw: property, they return
 * a well-formed result for any text, quickly, and the result holds only plain values (a
 * lookup in a plain object once returned Object.prototype for `__proto__`).
 */
const runs = { numRuns: FUZZ_RUNS };

const PROTOCOLS = new Set(['imap', 'pop3', 'smtp']);
const SECURITIES = new Set(['tls', 'starttls', 'none']);
const SERVER_PROBLEMS = new Set(['empty', 'bad_port', 'unknown_word', 'two_hosts', 'two_ports', 'email_given']);
const EMAIL_PROBLEMS = new Set(['empty', 'no_at', 'domain_only', 'invalid']);
const COMMAND_KINDS = new Set(['start', 'help', 'language', 'email', 'server', 'unknown']);
const MEANINGS = Object.keys(ANSWER_WORDS) as AnswerMeaning[];

/** Plain JSON values only: a function or a prototype object would not survive the round trip. */
function assertPlain(value: unknown): void {
  assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
}

function assertSpec(spec: ServerSpec): void {
  assertPlain(spec);
  for (const key of Object.keys(spec)) assert.ok(['protocol', 'host', 'port', 'security'].includes(key), key);
  if (spec.protocol !== undefined) assert.ok(PROTOCOLS.has(spec.protocol), String(spec.protocol));
  if (spec.security !== undefined) assert.ok(SECURITIES.has(spec.security), String(spec.security));
  if (spec.port !== undefined) assert.ok(Number.isInteger(spec.port) && spec.port >= 1 && spec.port <= 65535, String(spec.port));
  if (spec.host !== undefined) {
    assert.ok(isHostName(spec.host), spec.host);
    assert.doesNotMatch(spec.host, /[\s@/]/u);
  }
}

/** The words people type around servers, in all six languages. */
const serverWord = fc.oneof(
  fc.constantFrom('ssl', 'tls', 'SSL/TLS', 'ssl / tls', 'starttls', 'start tls', 'start-tls', 'implicit', 'explicit-tls', 'none', 'plain', 'no encryption', 'keine verschlüsselung', 'sin cifrado', 'sans chiffrement', 'sem criptografia', '暗号化なし', 'なし', 'unverschlüsselt'),
  fc.constantFrom('imap', 'imaps', 'pop', 'pop3', 'pop3s', 'smtp', 'smtps', 'submission', 'submissions', 'port', 'server', 'with', 'mit', 'con', 'avec', 'ポート', 'サーバー', 'incoming', 'ausgehend', 'entrante', '-', '/'),
  fc.constantFrom('imap://', 'imaps://', 'smtp://', 'pop3s://', 'gopher://', 'constructor://', '__proto__://'),
  fc.domain(),
  unicodeDomain,
  fc.ipV4(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.oneof(fc.nat({ max: 70_000 }), fc.constantFrom(0, 993, 587, 65535, 65536)).map(String),
  fc.tuple(fc.domain(), fc.nat({ max: 70_000 })).map(([host, port]) => `${host}:${port}`),
  fc.emailAddress(),
  prototypeKey,
);
/** A reply that reads but for one word: a host, maybe a port and a security word, and something else among them. */
const oddOneOut = fc
  .tuple(fc.oneof(fc.domain(), unicodeDomain), fc.constantFrom('', ' 993', ':587', ' 143'), fc.constantFrom('', ' ssl', ' starttls', ' none'), fc.oneof(prototypeKey, fc.constantFrom('CONSTRUCTOR', '__PROTO__'), serverWord, anyText), fc.nat({ max: 3 }))
  .map(([host, port, security, odd, at]) => {
    const words = [host + port, security.trim()].filter(Boolean);
    words.splice(at % (words.length + 1), 0, odd);
    return words.join(' ');
  });
const serverReply = fc.oneof(
  { weight: 4, arbitrary: piecesOf(variantsOf(serverWord), [' ', ', ', ';', ':', '', '  ', '(', ')', '.']) },
  { weight: 2, arbitrary: oddOneOut },
  { weight: 1, arbitrary: anyText },
);

/** Every word of every meaning, as typed (case, full-width), with what people put after it. */
const answerWord = fc.constantFrom(...MEANINGS.flatMap((m) => ANSWER_WORDS[m]));
const choiceReply = fc.oneof(
  variantsOf(answerWord),
  fc.tuple(variantsOf(answerWord), fc.constantFrom('', '!', '.', ' please', ', mine', '。', '?', ' bitte', ' 🙂')).map(([w, tail]) => w + tail),
  fc.tuple(fc.constantFrom('', '#', 'no. ', 'nr ', 'option ', 'opción ', 'opção ', 'n.º '), fc.nat({ max: 120 }), fc.constantFrom('', ')', '.')).map(([a, n, b]) => `${a}${n}${b}`),
  fc.nat({ max: 9 }).map((n) => String.fromCharCode(0xff10 + n)),
  anyText,
);
const choiceSet = fc.subarray(Object.values(CHOICES), { minLength: 1, maxLength: 6 });

describe('fuzz: chat reply parsers return well-formed results for any text', function () {
  it('parseServerSpec: a spec of known protocol, host name, port 1-65535 and security, or a known problem', function () {
    fc.assert(
      fc.property(serverReply, (reply) => {
        const parsed = quickly(() => parseServerSpec(reply));
        if (parsed.ok) assertSpec(parsed.spec);
        else {
          assertPlain(parsed.problem);
          assert.ok(SERVER_PROBLEMS.has(parsed.problem.code), parsed.problem.code);
        }
      }),
      runs,
    );
  });

  it('completeServer fills a parsed spec into complete settings for either side, or names what is missing', function () {
    fc.assert(
      fc.property(serverReply, fc.constantFrom('incoming', 'outgoing' as const), fc.option(fc.domain(), { nil: undefined }), (reply, side, fallbackHost) => {
        const parsed = parseServerSpec(reply);
        if (!parsed.ok) return;
        const inferred = inferSide(parsed.spec);
        assert.ok(inferred === undefined || inferred === 'incoming' || inferred === 'outgoing');
        const completed = completeServer(parsed.spec, side, fallbackHost);
        assertPlain(completed);
        if (!completed.ok) return assert.ok(['no_host', 'wrong_side'].includes(completed.problem.code));
        const { settings } = completed;
        assert.ok(PROTOCOLS.has(settings.protocol) && SECURITIES.has(settings.security));
        assert.equal(settings.protocol === 'smtp', side === 'outgoing');
        assert.ok(Number.isInteger(settings.port) && settings.port >= 1 && settings.port <= 65535, String(settings.port));
        assert.ok(settings.host.length > 0);
      }),
      runs,
    );
  });

  it('pickChoice: one of the offered ids or nothing; a unique word or its number picks its choice', function () {
    fc.assert(
      fc.property(choiceReply, choiceSet, (reply, choices) => {
        const picked = quickly(() => pickChoice(reply, choices));
        if (picked !== undefined) assert.ok(choices.some((c) => c.id === picked), picked);
      }),
      runs,
    );
    fc.assert(
      fc.property(choiceSet, fc.nat(), fc.nat(), (choices, i, j) => {
        const index = i % choices.length;
        const chosen = choices[index]!;
        assert.equal(pickChoice(String(index + 1), choices), chosen.id);
        const words = chosen.meanings.flatMap((m) => ANSWER_WORDS[m]).filter((w) => normalizeReply(w) === w && !/^\d/u.test(w));
        const word = words[j % Math.max(words.length, 1)];
        if (word === undefined) return;
        const others = choices.filter((c) => c !== chosen && c.meanings.some((m) => means(word, m)));
        if (others.length === 0) assert.equal(pickChoice(word.toUpperCase(), choices), chosen.id, `${word} among ${choices.map((c) => c.id)}`);
      }),
      runs,
    );
  });

  it('means and startsWithMeaning answer a boolean for any text and any meaning', function () {
    fc.assert(
      fc.property(choiceReply, fc.constantFrom(...MEANINGS), (reply, meaning) => {
        const normalized = quickly(() => normalizeReply(reply));
        assert.equal(typeof means(normalized, meaning), 'boolean');
        assert.equal(typeof startsWithMeaning(normalized, meaning), 'boolean');
        assert.equal(normalized, normalized.trim());
        assert.doesNotMatch(normalized, /[\u0000-\u001f\u007f]|\s\s/u);
      }),
      runs,
    );
  });

  it('quoteInput: a short excerpt without control or markup characters, never a broken character', function () {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'grapheme', minLength: 30, maxLength: 80 })), fc.integer({ min: 2, max: 60 }), (raw, max) => {
        const quoted = quickly(() => quoteInput(raw, max));
        assert.ok(quoted.length <= max, `${quoted.length} > ${max}`);
        assert.doesNotMatch(quoted, /[\u0000-\u001f\u007f`*_~<>|]/u);
        // A well-formed reply gives a well-formed excerpt (no half of a surrogate pair).
        if (wellFormed(raw)) assert.ok(wellFormed(quoted), JSON.stringify(quoted));
      }),
      runs,
    );
  });

  it('parseCommand: a known kind, each with its own well-formed fields', function () {
    const commandText = fc.oneof(
      serverReply,
      fc.tuple(localPart, fc.oneof(fc.domain(), unicodeDomain)).map(([l, d]) => `${l}@${d}`),
      fc.tuple(fc.constantFrom('lang', 'language', 'sprache', 'idioma', 'langue', '言語'), anyText).map(([w, t]) => `${w} ${t}`),
      fc.constantFrom('', 'help', 'hilfe', '?', 'ヘルプ'),
      anyText,
    );
    fc.assert(
      fc.property(fc.constantFrom('/mailhelp ', '/MailHelp ', '/mailhelp', '', ' /mailhelp  '), commandText, (prefix, rest) => {
        const raw = prefix + rest;
        const command = quickly(() => parseCommand(raw));
        assertPlain(command);
        assert.ok(COMMAND_KINDS.has(command.kind), command.kind);
        if (command.kind === 'email') {
          assert.equal(command.email.slice(command.email.lastIndexOf('@') + 1), command.domain);
          assert.ok(parseEmail(command.email).ok, command.email);
        }
        if (command.kind === 'server') {
          assertSpec(command.spec);
          assert.ok(command.spec.host !== undefined && inferSide(command.spec) !== undefined);
        }
        if (command.kind === 'unknown') assert.equal(command.text, raw.trim());
        if (command.kind === 'language') assert.equal(typeof command.code, 'string');
      }),
      runs,
    );
  });
});

describe('fuzz: email addresses, IDN included', function () {
  /** An address as pasted: plain, mailto:, <…>, Slack's link form (which cannot hold a `|`), upper case, a full stop after it. */
  const wrapped = (address: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.tuple(address, fc.constantFrom('plain', 'mailto', 'angle', 'slack', 'upper', 'stop', 'spaces')).map(([a, how]) =>
      how === 'mailto' ? `mailto:${a}` : how === 'angle' ? `<${a}>` : how === 'slack' && !a.includes('|') ? `<mailto:${a}|${a}>` : how === 'upper' ? a.toUpperCase() : how === 'stop' ? `${a}.` : how === 'spaces' ? `  ${a} ` : a,
    );
  const idnAddress = fc.tuple(localPart, unicodeDomain).map(([l, d]) => `${l}@${d}`);
  const punycodeAddress = fc.tuple(localPart, unicodeDomain).map(([l, d]) => `${l}@${domainToASCII(d)}`);
  const anyAddress = fc.oneof(
    wrapped(fc.emailAddress()),
    wrapped(idnAddress),
    wrapped(punycodeAddress),
    fc.tuple(anyText, fc.constantFrom('@', '@@', ''), fc.oneof(anyText, fc.domain(), unicodeDomain, prototypeKey)).map(([l, at, d]) => `${l}${at}${d}`),
    anyText,
  );

  it('parseEmail: local@domain with a lower-case domain of two or more labels, the same when read again, or a known problem', function () {
    fc.assert(
      fc.property(anyAddress, (raw) => {
        const parsed = quickly(() => parseEmail(raw));
        assertPlain(parsed);
        if (!parsed.ok) return assert.ok(EMAIL_PROBLEMS.has(parsed.problem), parsed.problem);
        assert.ok(parsed.email.endsWith(`@${parsed.domain}`));
        assert.equal(parsed.domain, parsed.domain.toLowerCase());
        assert.ok(parsed.domain.split('.').length >= 2 && parsed.email.length <= 254);
        assert.doesNotMatch(parsed.email, /\s/u);
        assert.deepEqual(parseEmail(parsed.email), parsed, 'reading the result again gives the same address');
      }),
      runs,
    );
  });

  it('a unicode address (müller@bücher.de) is accepted and discovery turns its domain into punycode', function () {
    fc.assert(
      fc.property(wrapped(idnAddress), (raw) => {
        const parsed = parseEmail(raw);
        assert.ok(parsed.ok, `${raw}: ${JSON.stringify(parsed)}`);
        const parts = emailParts(parsed.email);
        assert.match(parts.domain, /^[a-z0-9.-]+$/u);
        assert.equal(parts.domain, domainToASCII(parsed.domain));
        if (/[^\x00-\x7f]/u.test(parsed.domain)) assert.match(parts.domain, /(^|\.)xn--/u);
        // The punycode form is the same address to the chat too.
        assert.ok(parseEmail(`${parts.localPart}@${parts.domain}`).ok);
      }),
      runs,
    );
  });

  it('discovery’s emailParts takes what the chat accepted or refuses it with InvalidInputError, nothing else', function () {
    fc.assert(
      fc.property(anyAddress, (raw) => {
        const parsed = parseEmail(raw);
        for (const input of parsed.ok ? [parsed.email, raw] : [raw]) {
          try {
            const parts = quickly(() => emailParts(input));
            assert.match(parts.domain, /^[a-z0-9.-]+$/u, parts.domain);
            assert.equal(parts.email, `${parts.localPart}@${parts.domain}`);
          } catch (error) {
            if (!(error instanceof InvalidInputError)) throw error;
          }
        }
      }),
      runs,
    );
  });
});

describe('fuzz: chat parsers on huge replies (no catastrophic backtracking)', function () {
  it('answers 20,000-character replies built from their own pieces within the budget', function () {
    const pieces = ['a.', '-', 'a', '[', ':', '1', '９', 'start ', 'no ', 'ssl/', 'a@', '@', '<mailto:', 'xn--', 'imap://', '(', '#', 'no. ', 'ü.', '\u200b', '. '];
    const started = performance.now();
    for (const piece of pieces) {
      const text = piece.repeat(Math.ceil(20_000 / piece.length));
      quickly(() => parseServerSpec(text));
      quickly(() => parseEmail(text));
      quickly(() => parseCommand(`/mailhelp ${text}`));
      quickly(() => pickChoice(text, Object.values(CHOICES)));
      quickly(() => quoteInput(text));
    }
    assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
