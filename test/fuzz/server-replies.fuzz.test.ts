import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CAUSE_IDS } from '../../src/diagnosis/causes';
import { classifyLoginFailure } from '../../src/diagnosis/rules/login-failure';
import { classifyServerReply, SERVER_REPLY_RULES, type ServerReply } from '../../src/diagnosis/rules/server-replies';
import type { Protocol } from '../../src/settings/server-settings';
import { anyText, prototypeKey } from './support/arbitraries';
import { FUZZ_RUNS, quickly } from './support/fuzz-settings';

/**
 * A server's refusal is whatever the server sends, up to the line reader's limits (256 KiB)
 * or, through the mail libraries, longer. Property: classifyServerReply names a rule that
 * exists, for the protocol asked about, with that rule's cause, or nothing; the same answer
 * every time; quickly, even for a reply built to make a regular expression backtrack.
 */
const runs = { numRuns: FUZZ_RUNS };
const RULES = new Map(SERVER_REPLY_RULES.map((r) => [r.id, r]));
const CAUSES = new Set<string>(CAUSE_IDS);

/** The pieces the rules look for, and what servers put around them. */
const fragment = fc.oneof(
  fc.constantFrom('220', '250', '334', '421', '432', '454', '500', '502', '503', '504', '530', '534', '535', '538', '550', '999', '5.7.8', '5.7.9', '5.7.14', '5.7.30', '5.7.139', '4.7.0', '4.7.12', '5.5.4', '9.9.9', '5.7.'),
  fc.constantFrom('* OK', '* BYE', '* NO', 'A1 NO', 'A1 BAD', '+OK', '-ERR', '* BYE Logging out', '\n* BYE'),
  fc.constantFrom('[AUTHENTICATIONFAILED]', '[AUTHORIZATIONFAILED]', '[EXPIRED]', '[PRIVACYREQUIRED]', '[CONTACTADMIN]', '[UNAVAILABLE]', '[LIMIT]', '[INUSE]', '[SYS/TEMP]', '[IN-USE]', '[AUTH]', '[LOGIN-DELAY]', '[ALERT]', '[WEBALERT https://accounts.google.com/ContinueSignIn]', '[', ']', '[__proto__]', '[constructor]', '[TOSTRING]'),
  fc.constantFrom(
    'Application-specific password required', 'InvalidSecondFactor', 'application password is REQUIRED', 'authorization code', '授权码', 'ÇëÊ¹ÓÃÊÚÈ¨Âë', 'IMAP is disabled',
    'Basic authentication is disabled', 'SmtpClientAuthentication is disabled', 'security defaults policy', 'User is authenticated but not connected', 'Web login required',
    'Please log in via your web browser', 'Too many simultaneous connections', 'Too many login attempts', '#AUTH005', 'account is locked', 'password has expired',
    'Must issue a STARTTLS command first', 'Plaintext authentication disallowed', 'Encryption required', 'Service is temporarily not available', 'try again later',
    'authentication not enabled', 'AUTH command used when not advertised', 'Command not implemented', 'Unrecognized authentication type', 'mechanism is too weak',
    'Invalid credentials', 'Authentication failed', 'Username and Password not accepted', 'LOGIN failed', 'Login Fail', 'auth', 'authentication', 'not',
  ),
  prototypeKey,
  anyText,
);
const reply = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(fragment, fc.constantFrom(' ', '-', '\n', '\r\n', ': ', '', '(', ')', '.')), { maxLength: 10 }).map((parts) => parts.map(([f, s]) => f + s).join('')) },
  { weight: 1, arbitrary: anyText },
);
const code: fc.Arbitrary<ServerReply['code']> = fc.option(
  fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.constantFrom('535', '5.7.8', 'AUTHENTICATIONFAILED', 'authenticationfailed', '', 'SYS/TEMP'), prototypeKey, anyText),
  { nil: undefined },
);
const protocol = fc.constantFrom<Protocol>('imap', 'pop3', 'smtp');

describe('fuzz: classifyServerReply', function () {
  it('names an existing rule for the protocol, with its cause and source, or nothing; the same every time', function () {
    fc.assert(
      fc.property(protocol, reply, code, (p, text, c) => {
        const input: ServerReply = c === undefined ? { text } : { text, code: c };
        const found = quickly(() => classifyServerReply(p, input));
        assert.deepEqual(classifyServerReply(p, input), found, 'deterministic (no regular expression state between calls)');
        if (found === undefined) return;
        const rule = RULES.get(found.ruleId);
        assert.ok(rule, found.ruleId);
        // A provider's own fix comes with the rule that names it, and only then; so does where it holds.
        const keys = ['cause', 'ruleId', 'source', ...(rule.fix ? ['fix'] : []), ...(rule.fixOnlyFor ? ['fixOnlyFor'] : [])];
        assert.deepEqual(Object.keys(found).sort(), keys.sort());
        assert.equal(found.fix, rule.fix);
        assert.equal(found.fixOnlyFor, rule.fixOnlyFor);
        assert.equal(found.cause, rule.cause);
        assert.equal(found.source, rule.source);
        assert.ok(rule.protocols.includes(p), `${found.ruleId} is not for ${p}`);
        assert.ok(CAUSES.has(found.cause), found.cause);
      }),
      runs,
    );
  });

  it('classifyLoginFailure always gives a known cause and a source, whatever the library reported', function () {
    fc.assert(
      fc.property(
        protocol,
        fc.constantFrom('connect', 'tls', 'greeting', 'login' as const),
        fc.option(fc.oneof(fc.constantFrom('EAUTH', 'ETIMEDOUT', 'ECONNRESET', 'ERR_SSL_WRONG_VERSION_NUMBER', 'CERT_HAS_EXPIRED', 'ENOTFOUND', 'NoConnection'), prototypeKey, anyText), { nil: undefined }),
        fc.option(reply, { nil: undefined }),
        reply,
        (p, stage, c, response, message) => {
          const classified = quickly(() => classifyLoginFailure(p, { ok: false, stage, message, ms: 1, ...(c === undefined ? {} : { code: c }), ...(response === undefined ? {} : { response }) }));
          assert.ok(CAUSES.has(classified.cause), classified.cause);
          assert.ok(typeof classified.source === 'string' && classified.source.length > 0);
        },
      ),
      runs,
    );
  });

  it('a reply of 256 KiB (the line reader’s limit) or 1 MiB built to backtrack is classified within the budget', function () {
    this.timeout(90_000);
    const pieces = ['auth ', 'auth not ', 'authentication not e', '500 auth ', 'too many ', 'password ', 'account ', 'temporary ', 'temporarily ', 'requires ', 'log in via your ', '* ', 'mechanism ', 'no ', '[A ', '[', ' 5.5.5', '5.', '\n250', ': 535', 'invalid ', 'a'];
    const started = performance.now();
    for (const size of [256 * 1024, 1024 * 1024]) {
      for (const piece of pieces) {
        const text = `500 ${piece.repeat(Math.ceil(size / piece.length)).slice(0, size)}`;
        for (const p of ['imap', 'pop3', 'smtp'] as const) quickly(() => classifyServerReply(p, { text }));
      }
    }
    assert.ok(performance.now() - started < 60_000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
