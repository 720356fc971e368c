import assert from 'node:assert/strict';
import { LogCapture } from './log-capture';
import { Secret } from '../../src/conversation/secret';
import { ActiveSecrets } from '../../src/logging/active-secrets';
import { createLogger, levelFromEnv } from '../../src/logging/logger';
import { REDACTED, redactSecret, secretVariants } from '../../src/logging/redact-secret';

const PASSWORD = 'Tr0ub4dor&3-horse';
const USER = 'alice@example.com';

function assertNoSecret(text: string, secret = PASSWORD): void {
  for (const form of secretVariants(secret)) assert.ok(!text.includes(form), `"${form}" leaked into: ${text}`);
}

describe('logging: a known password never appears in a log line', function () {
  let capture: LogCapture;
  let secrets: ActiveSecrets;

  beforeEach(function () {
    capture = new LogCapture();
    secrets = new ActiveSecrets();
  });

  const logger = (level = 'trace') => createLogger({ level, destination: capture, secrets });

  it('fields named like secrets are blanked at any depth we log', function () {
    const log = logger();
    log.info({ password: PASSWORD }, 'top level');
    log.info({ login: { pass: PASSWORD, user: USER } }, 'one level down');
    log.info({ request: { account: { password: PASSWORD } } }, 'two levels down');
    log.info({ a: { b: { c: { password: PASSWORD } } } }, 'three levels down');
    log.info({ credentials: { user: USER, password: PASSWORD } }, 'credentials object');
    log.info({ imap: { auth: { user: USER, pass: PASSWORD } } }, 'library auth options');
    log.info({ token: PASSWORD, secret: PASSWORD, apiKey: PASSWORD, signingSecret: PASSWORD }, 'tokens');
    log.info({ headers: { authorization: `Bearer ${PASSWORD}`, cookie: `sid=${PASSWORD}` } }, 'headers');
    log.info({ req: { headers: { authorization: `Basic ${PASSWORD}` } } }, 'request headers');
    assert.equal(capture.lines.length, 9);
    assertNoSecret(capture.text);
    const first = JSON.parse(capture.lines[0]!);
    assert.equal(first.password, REDACTED);
    assert.equal(JSON.parse(capture.lines[4]!).credentials, REDACTED);
  });

  it('a Secret value logs as [redacted]', function () {
    const log = logger();
    log.info({ form: { value: new Secret(PASSWORD) }, list: [new Secret(PASSWORD)] }, 'effect with a secret');
    assertNoSecret(capture.text);
    assert.match(capture.text, /\[redacted\]/);
  });

  it('a live secret is scrubbed from messages, errors and stacks a library produced', function () {
    const log = logger();
    const forget = secrets.add(PASSWORD);
    const libraryError = new Error(`Invalid login: 535 5.7.8 AUTH PLAIN ${Buffer.from(PASSWORD).toString('base64')} failed for ${PASSWORD}`);
    log.error({ err: libraryError }, 'login failed');
    log.warn(`protocol trace: C: PASS ${PASSWORD}`);
    log.info({ url: `imap://alice:${encodeURIComponent(PASSWORD)}@imap.example.com` }, 'url with a password');
    log.debug({ detail: JSON.stringify({ p: PASSWORD }) }, 'json inside a string');
    forget();
    assert.equal(secrets.size, 0);
    assert.equal(capture.lines.length, 4);
    assertNoSecret(capture.text);
    assert.match(capture.text, /PASS \[redacted\]/);
    assert.match(capture.text, /login failed/);
  });

  it('only the secrets alive are scrubbed: the same text after forget() is logged as is', function () {
    const log = logger();
    const forget = secrets.add('temporary-value');
    forget();
    forget();
    log.info('temporary-value is not a secret any more');
    assert.match(capture.text, /temporary-value is not a secret/);
  });

  it('one secret registered twice stays until both are forgotten', function () {
    const forgetA = secrets.add(PASSWORD);
    const forgetB = secrets.add(PASSWORD);
    forgetA();
    logger().info(`still ${PASSWORD}`);
    forgetB();
    assertNoSecret(capture.text);
  });

  it('the level comes from LOG_LEVEL; unknown values fall back to info', function () {
    assert.equal(levelFromEnv({ LOG_LEVEL: 'debug' }), 'debug');
    assert.equal(levelFromEnv({ LOG_LEVEL: ' WARN ' }), 'warn');
    assert.equal(levelFromEnv({ LOG_LEVEL: 'silent' }), 'silent');
    assert.equal(levelFromEnv({ LOG_LEVEL: 'loud' }), 'info');
    assert.equal(levelFromEnv({}), 'info');
    const log = logger('warn');
    log.info('hidden');
    log.warn('shown');
    assert.deepEqual(capture.lines.map((l) => JSON.parse(l).msg), ['shown']);
  });
});

describe('logging: redactSecret', function () {
  it('replaces the plain, base64, URL-encoded and JSON-escaped forms', function () {
    const secret = 'p@ss "word"/ü';
    const text = [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret)].join(' | ');
    const out = redactSecret(text, secret);
    assertNoSecret(out, secret);
    assert.equal(out.split(REDACTED).length - 1, 4);
  });

  it('accepts a Secret and leaves text alone for an empty or missing secret', function () {
    assert.equal(redactSecret(`x ${PASSWORD} y`, new Secret(PASSWORD)), `x ${REDACTED} y`);
    assert.equal(redactSecret('nothing here', ''), 'nothing here');
    assert.equal(redactSecret('nothing here', undefined), 'nothing here');
  });

  it('replaces every occurrence', function () {
    assert.equal(redactSecret('aXa aXa', 'aXa'), `${REDACTED} ${REDACTED}`);
  });
});
