import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DiscordConfigError, NoRouteError, TriageChannelError } from '../../adapters/discord/discord-errors';
import { NoThreadError, SlackConfigError } from '../../adapters/slack/slack-errors';
import { ConversationEndedError } from '../../src/errors/conversation-ended-error';
import { ERROR_CODES, isErrorCode, layerOfCode } from '../../src/errors/error-codes';
import { MailhelpError } from '../../src/errors/mailhelp-error';
import { OAuthConfigError } from '../../src/oauth/oauth-config';
import { OAUTH_ERROR_CODES, OAuthError } from '../../src/oauth/oauth-error';
import { QueueCancelledError, QueueFullError } from '../../src/policy/limits/concurrency-queue';
import { ConnectionLimitError } from '../../src/policy/limits/connection-budget';
import { InvalidLimitConfigError } from '../../src/policy/limits/limits-config';
import { InvalidNetworkError } from '../../src/policy/target-policy';
import { isConnectCode, isTlsCode, LOGIN_CODES } from '../../src/probes/login-common';
import { Pop3Error } from '../../src/probes/pop3-client';
import { TOO_MUCH_DATA, TooMuchDataError } from '../../src/probes/socket-byte-cap';
import { ShuttingDownError } from '../../src/process/work-tracker';
import { FormBodyError } from '../../src/secure-login/request-body';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { InvalidStoreConfigError } from '../../src/store/store-config';
import { StoreClosedError, StoreUnavailableError, VersionConflictError } from '../../src/store/store-errors';

const ROOT = join(__dirname, '..', '..');

function sources(): { file: string; text: string }[] {
  return ['app', 'src', 'adapters'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => {
        const file = join(folder, name).split(sep).join('/');
        return { file, text: readFileSync(join(ROOT, file), 'utf8') };
      }),
  );
}

/** One of each error class mailhelp throws, as the code makes them. */
function everyError(): MailhelpError[] {
  const cause = new Error('ECONNRESET');
  return [
    new ConversationEndedError(),
    new OAuthConfigError('MAILHELP_OAUTH_PROVIDERS: not JSON', { cause }),
    new OAuthError(OAUTH_ERROR_CODES.denied, 'the user declined the sign-in', { oauthError: 'access_denied' }),
    new ShuttingDownError(),
    new ConnectionLimitError(24),
    new InvalidLimitConfigError('MAILHELP_MAX_CONCURRENT', 'x', 'a number'),
    new QueueFullError(10),
    new QueueCancelledError('timeout'),
    new InvalidNetworkError('10.0.0.0/33'),
    new TooMuchDataError(65536),
    new Pop3Error('the server closed the connection', 'greeting', 'CLOSED'),
    new InvalidInputError('cli:invalid.port', { port: 'x' }),
    new VersionConflictError('k', 1, 2),
    new StoreClosedError(),
    new StoreUnavailableError(cause),
    new InvalidStoreConfigError('MAILHELP_STORE', 'not a URL'),
    new FormBodyError(413, 'form too large'),
    new NoRouteError('discord:C1:T1'),
    new TriageChannelError('123', cause),
    new DiscordConfigError('DISCORD_TOKEN', 'missing'),
    new NoThreadError('not_in_channel', 'cannot_dm_bot'),
    new SlackConfigError('SLACK_BOT_TOKEN is missing'),
  ];
}

describe('errors: one base error, one table of codes', () => {
  it('every error class is a MailhelpError with a code from the table and its own name', () => {
    for (const error of everyError()) {
      assert.ok(error instanceof MailhelpError, `${error.name} is not a MailhelpError`);
      assert.ok(isErrorCode(error.code), `${error.name}: code ${error.code} is not in ERROR_CODES`);
      assert.equal(error.name, error.constructor.name);
      assert.ok(error.stack?.startsWith(`${error.name}: `), `${error.name}: the stack does not name the class`);
    }
  });

  it('keeps the cause it was given (ES2022 error cause)', () => {
    const cause = new Error('connect ECONNREFUSED');
    assert.equal(new StoreUnavailableError(cause).cause, cause);
    assert.equal(new TriageChannelError('1', cause).cause, cause);
    assert.equal(new OAuthError(OAUTH_ERROR_CODES.network, 'unreachable', { cause }).cause, cause);
    assert.equal(new ShuttingDownError().cause, undefined);
    assert.ok(!('cause' in new ShuttingDownError()), 'an error without a cause has no cause property');
  });

  it('no class in app/, src/ or adapters/ extends Error itself: they extend MailhelpError', () => {
    const direct = sources()
      .filter(({ file }) => file !== 'src/errors/mailhelp-error.ts')
      .flatMap(({ file, text }) => [...text.matchAll(/class (\w+) extends (?:Error|TypeError|RangeError)\b/gu)].map((m) => `${file}: ${m[1]}`));
    assert.deepEqual(direct, []);
  });

  it('the grouped code constants (LOGIN_CODES, OAUTH_ERROR_CODES, TOO_MUCH_DATA) name table codes', () => {
    for (const code of [...Object.values(LOGIN_CODES), ...Object.values(OAUTH_ERROR_CODES), TOO_MUCH_DATA]) assert.ok(isErrorCode(code), code);
  });

  it('every code in the table is used by the code (no entry is dead) and has a description', () => {
    const text = sources()
      .filter(({ file }) => file !== 'src/errors/error-codes.ts')
      .map((s) => s.text)
      .join('\n');
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      assert.ok(info.description.length > 10, `${code} has no description`);
      assert.ok(text.includes(`'${code}'`), `${code} is in the table but nothing uses it`);
    }
  });

  it('a socket error keeps Node’s code for the login result, under our SOCKET_ERROR', () => {
    const cause = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    const error = new Pop3Error(cause.message, 'tls', 'SOCKET_ERROR', undefined, { cause });
    assert.equal(error.code, 'SOCKET_ERROR');
    assert.equal(error.resultCode, 'CERT_HAS_EXPIRED');
    assert.equal(new Pop3Error('no POP3 greeting in time', 'greeting', 'GREETING_TIMEOUT').resultCode, 'GREETING_TIMEOUT');
  });

  it('sorts codes by layer as the login probes did (TLS and connect families, ours and the libraries’)', () => {
    const tls = ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_OSSL_EVP_BAD_DECRYPT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'HOSTNAME_MISMATCH', 'ETLS', 'EPROTO', 'UPGRADE_TIMEOUT', 'STARTTLS_INJECTION', 'STARTTLS_NOT_OFFERED'];
    const connect = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EDNS', 'CONNECT_TIMEOUT'];
    const neither = ['EAUTH', 'TIMEOUT', 'LOGIN_TIMEOUT', 'ECONNRESET', 'ETIMEDOUT', 'ETLSX', 'XCERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERTX', 'CONNECT_TIMEOUTX', 'hasOwnProperty', 'constructor', ''];
    for (const code of tls) assert.deepEqual([code, isTlsCode(code), isConnectCode(code)], [code, true, false]);
    for (const code of connect) assert.deepEqual([code, isTlsCode(code), isConnectCode(code)], [code, false, true]);
    for (const code of neither) assert.deepEqual([code, layerOfCode(code)], [code, undefined]);
    assert.equal(layerOfCode(undefined), undefined);
  });
});
