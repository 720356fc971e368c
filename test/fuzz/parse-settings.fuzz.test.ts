import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { PROTOCOLS, parseEmail, parseHost, parsePort, parseSecurity, parseServerUrl } from '../../src/settings/parse-settings';
import { FUZZ_RUNS } from './support/fuzz-settings';

/**
 * The settings parsers take whatever a person (or an attacker) types. Property: they return a
 * well-formed value or throw InvalidInputError, nothing else, and quickly.
 */
function onlyInvalidInput<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      assert.ok(error.key.startsWith('cli:invalid.') || error.key === 'harden:input.control_characters', error.key);
      assert.ok(error.message.length < 400, 'messages stay short whatever the input');
      return undefined;
    }
    throw error;
  }
}

/** Any text, plus text built from the pieces these parsers look for. */
const anyText = fc.oneof(
  // Property names of Object.prototype: a lookup table that is a plain object finds these.
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({ unit: fc.constantFrom('a', '.', '-', ':', '[', ']', '/', '@', '%', '0', '9', ' ', 'x', '\u00fc', '\u0000', '\n'), maxLength: 80 }),
);

const hostLike = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.ipV4Extended(),
  anyText,
);

const urlLike = fc
  .tuple(fc.constantFrom('imap', 'pop3', 'pop', 'smtp', 'http', 'IMAP', '', 'imap:', 'javascript'), hostLike, fc.option(fc.oneof(fc.nat({ max: 70000 }).map(String), anyText), { nil: undefined }), fc.constantFrom('', '/', '/x', '?q', '#f'), fc.constantFrom('', 'user@', 'u:p@'))
  .map(([scheme, host, port, tail, auth]) => `${scheme}://${auth}${host}${port === undefined ? '' : `:${port}`}${tail}`);

describe('fuzz: settings parsers throw nothing but InvalidInputError', function () {
  it('parseHost returns a lower-case name or IP without spaces', function () {
    fc.assert(
      fc.property(hostLike, (input) => {
        const host = onlyInvalidInput(() => parseHost(input));
        if (host === undefined) return;
        assert.equal(host, host.toLowerCase());
        assert.doesNotMatch(host, /[\s/@]/);
        assert.ok(host.length > 0 && host.length <= 253 + 2);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('parsePort returns an integer 1..65535', function () {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.integer(), fc.double()), (input) => {
        const port = onlyInvalidInput(() => parsePort(input as string | number));
        if (port === undefined) return;
        assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, String(port));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('parseSecurity returns tls, starttls or none', function () {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.constantFrom('SSL', ' ssl/tls ', 'StartTLS', 'plain', 'none')), (input) => {
        const security = onlyInvalidInput(() => parseSecurity(input));
        if (security !== undefined) assert.ok(['tls', 'starttls', 'none'].includes(security));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('parseEmail returns an address with a valid domain', function () {
    const emailLike = fc.oneof(fc.emailAddress(), anyText, fc.tuple(anyText, hostLike).map(([local, host]) => `${local}@${host}`));
    fc.assert(
      fc.property(emailLike, (input) => {
        const email = onlyInvalidInput(() => parseEmail(input));
        if (email === undefined) return;
        assert.ok(email.includes('@') && email.length <= 254);
        assert.doesNotMatch(email, /\s/);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('parseServerUrl returns settings with an allowed protocol, a host and a port', function () {
    fc.assert(
      fc.property(fc.oneof(urlLike, anyText), fc.subarray([...PROTOCOLS], { minLength: 1 }), fc.option(fc.constantFrom('tls', 'starttls', 'none' as const), { nil: undefined }), (input, allowed, security) => {
        const settings = onlyInvalidInput(() => parseServerUrl(input, allowed, security));
        if (settings === undefined) return;
        assert.ok(allowed.includes(settings.protocol));
        assert.ok(settings.host.length > 0);
        assert.ok(Number.isInteger(settings.port) && settings.port >= 1 && settings.port <= 65535);
        assert.ok(['tls', 'starttls', 'none'].includes(settings.security));
        if (security) assert.equal(settings.security, security);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('a huge input is refused quickly (no catastrophic backtracking)', function () {
    const started = performance.now();
    for (const input of ['a'.repeat(100_000), `${'a.'.repeat(50_000)}`, `imap://${'-'.repeat(50_000)}:993`, `${'@'.repeat(50_000)}`, `${'1'.repeat(100_000)}`]) {
      onlyInvalidInput(() => parseHost(input));
      onlyInvalidInput(() => parseEmail(input));
      onlyInvalidInput(() => parseServerUrl(input, PROTOCOLS));
      onlyInvalidInput(() => parsePort(input));
    }
    assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
