import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { configuredSecrets, guardConfiguredSecrets } from '../../app/live-secrets';
import { activeSecrets } from '../../src/logging/active-secrets';
import { createLogger } from '../../src/logging/logger';
import { REDACTED, secretVariants } from '../../src/logging/redact-secret';
import { scrubErrorInPlace } from '../../src/logging/scrub-error';
import { LogCapture } from './log-capture';

const ROOT = join(__dirname, '..', '..');

/** The shapes the real secrets have (Slack's xoxb-/xapp- tokens, a 32-hex signing secret, a Discord token, Google's GOCSPX- secret). */
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-2718281828-3141592653-AbCdEfGhIjKlMnOpQrStUvWx',
  SLACK_APP_TOKEN: 'xapp-1-A0123456789-1234567890123-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99aa5c5e5a4b',
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz01234567',
  MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET: 'GOCSPX-3xAmPlE_s3cr3t-VaLuE42',
  ACME_IDP_CLIENT_SECRET: 'acme-idp-client-secret-9f8e7d',
} as const;
/** The Redis password as the URL writes it (percent-encoded) and as Redis gets it. */
const REDIS_PASSWORD_ENCODED = 'r3d1s%40pa%2Fss-word';
const REDIS_PASSWORD = 'r3d1s@pa/ss-word';

function environment(dir: string): NodeJS.ProcessEnv {
  const providers = join(dir, 'providers.json');
  writeFileSync(
    providers,
    JSON.stringify([
      {
        id: 'acme',
        name: 'Acme Identity',
        issuer: 'https://id.acme.example',
        tokenEndpoint: 'https://id.acme.example/token',
        authorizationEndpoint: 'https://id.acme.example/authorize',
        scopes: { imap: 'mail', pop3: 'mail', smtp: 'mail' },
        clientIdEnv: 'ACME_IDP_CLIENT_ID',
        clientSecretEnv: 'ACME_IDP_CLIENT_SECRET',
      },
    ]),
  );
  return {
    ...SECRETS,
    MAILHELP_OAUTH_GOOGLE_CLIENT_ID: 'google-client-id.apps.example',
    MAILHELP_OAUTH_PROVIDERS: providers,
    ACME_IDP_CLIENT_ID: 'acme-client-id',
    MAILHELP_STORE: `redis://default:${REDIS_PASSWORD_ENCODED}@127.0.0.1:6379/0`,
  };
}

const ALL_VALUES = [...Object.values(SECRETS), REDIS_PASSWORD_ENCODED, REDIS_PASSWORD];

function assertNoSecret(text: string): void {
  for (const value of ALL_VALUES) {
    for (const form of secretVariants(value)) assert.ok(!text.includes(form), `"${form}" (a form of ${value}) leaked into:\n${text}`);
  }
}

describe('logging: the deployment’s tokens and secrets are live secrets for as long as the process runs', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-secrets-'));
    env = environment(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => assert.equal(activeSecrets.size, 0, 'a registration outlived its guard'));

  it('finds every configured secret: the chat tokens, each OAuth client secret (built-in and the admin’s providers), the Redis password', () => {
    assert.deepEqual(new Set(configuredSecrets(env)), new Set(ALL_VALUES));
    assert.deepEqual(configuredSecrets({ MAILHELP_STORE: 'redis://127.0.0.1:6379', SLACK_BOT_TOKEN: '  ' }), []);
    // A providers file that cannot be read still leaves the built-in secrets known.
    assert.deepEqual(configuredSecrets({ MAILHELP_OAUTH_PROVIDERS: join(dir, 'missing.json'), MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET: SECRETS.MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET }), [SECRETS.MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET]);
  });

  const cases: [string, string][] = [...Object.entries(SECRETS), ['MAILHELP_STORE (password, encoded)', REDIS_PASSWORD_ENCODED], ['MAILHELP_STORE (password)', REDIS_PASSWORD]];
  for (const [name, value] of cases) {
    it(`a failure whose message and cause hold ${name} is logged scrubbed`, () => {
      const capture = new LogCapture();
      const forget = guardConfiguredSecrets(env);
      try {
        // The real logger with the process-wide registry, as every component's logger.
        const logger = createLogger({ level: 'info', destination: capture, base: { component: 'test' } });
        const cause = Object.assign(new Error(`server said: bad credentials ${value}`), { code: 'EAUTH', url: `https://api.example/?token=${encodeURIComponent(value)}` });
        const error = new Error(`request with ${value} failed`, { cause });
        logger.warn({ err: error }, 'request failed');
        logger.error({ err: new AggregateError([cause, new Error(Buffer.from(value).toString('base64'))], 'all failed') }, 'grouped');
        logger.info(`a message holding ${value.toUpperCase()} as text`);
        const { err } = capture.find('request failed');
        assert.equal(err.message, `request with ${REDACTED} failed`);
        assert.equal(err.cause.message, `server said: bad credentials ${REDACTED}`);
        assert.ok(err.stack.startsWith(`Error: request with ${REDACTED} failed\n`), err.stack);
        assert.equal(capture.lines.length, 3);
        assertNoSecret(capture.text);
      } finally {
        forget();
      }
    });
  }

  it('an error printed outside the logger (a crash, the command line) is scrubbed in place: message, stack, cause, fields', () => {
    const forget = guardConfiguredSecrets(env);
    try {
      const inner = Object.assign(new Error(`AUTH ${REDIS_PASSWORD}`), { command: { name: 'auth', args: ['default', REDIS_PASSWORD] } });
      const error = Object.assign(new Error(`start failed: ${SECRETS.SLACK_BOT_TOKEN}`, { cause: inner }), { config: { headers: { Authorization: `Bearer ${SECRETS.DISCORD_TOKEN}` } }, body: Buffer.from('bytes') });
      assert.equal(scrubErrorInPlace(error), error);
      assert.equal(error.message, `start failed: ${REDACTED}`);
      assert.deepEqual(inner.command.args, ['default', REDACTED]);
      assert.equal(error.config.headers.Authorization, `Bearer ${REDACTED}`);
      assertNoSecret(inspect(error, { depth: 10 }));
    } finally {
      forget();
    }
  });

  for (const how of ['exception', 'rejection']) {
    it(`a process that crashes with an uncaught ${how} holding every secret prints it scrubbed`, async () => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'crash-child.ts'), how], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`Error: crashed with ${REDACTED.replace(/[[\]]/g, '\\$&')}`), output);
      assert.match(output, /\[cause\]/, 'Node printed the cause');
      assertNoSecret(output);
    });
  }
});
