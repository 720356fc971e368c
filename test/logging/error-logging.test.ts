import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { LogCapture } from './log-capture';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import { Secret } from '../../src/conversation/secret';
import type { ConversationState } from '../../src/conversation/state';
import { ActiveSecrets, activeSecrets } from '../../src/logging/active-secrets';
import { createLogger } from '../../src/logging/logger';
import { REDACTED, secretVariants } from '../../src/logging/redact-secret';
import { StoreUnavailableError } from '../../src/store/store-errors';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { ALL_CAPABILITIES } from '../conversation/support/driver';
import { ACME_DISCOVERY } from '../conversation/support/fixtures';
import { RecordingOutput } from '../conversation/support/recording-output';

const PASSWORD = 'Tr0ub4dor&3-horse';
const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };

function assertNoSecret(text: string, secret = PASSWORD): void {
  for (const form of secretVariants(secret)) assert.ok(!text.includes(form), `"${form}" leaked into: ${text}`);
}

describe('logging: errors are logged whole ({ err }), secrets never', () => {
  it('no log call in app/, src/ or adapters/ logs only errorName(error) where the error itself belongs', () => {
    const root = join(__dirname, '..', '..');
    const sites = ['app', 'src', 'adapters'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts'))
        .flatMap((name) => {
          const file = join(folder, name).split(sep).join('/');
          return readFileSync(join(root, file), 'utf8')
            .split('\n')
            .map((line, i) => [line, i + 1] as const)
            .filter(([line]) => /\.(?:warn|error|info|debug)\(\{[^}]*\berror: errorName\(/u.test(line))
            .map(([, n]) => `${file}:${n}`);
        }),
    );
    assert.deepEqual(sites, [], 'log { err: error } instead');
  });

  it('an error is logged with its class, message, stack, code and cause', () => {
    const capture = new LogCapture();
    const logger = createLogger({ level: 'info', destination: capture, secrets: new ActiveSecrets() });
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED', errno: -111 });
    logger.warn({ err: new StoreUnavailableError(cause) }, 'store down');
    const { err } = capture.find('store down');
    assert.equal(err.type, 'StoreUnavailableError');
    assert.equal(err.code, 'STORE_UNAVAILABLE');
    assert.match(err.message, /the store is unavailable: connect ECONNREFUSED/);
    assert.match(err.stack, /^StoreUnavailableError: the store is unavailable[^\n]*\n\s+at /);
    assert.match(err.stack, /error-logging\.test\.ts/);
    assert.deepEqual([err.cause.type, err.cause.code, err.cause.errno], ['Error', 'ECONNREFUSED', -111]);
  });

  it('nested objects on an error are left out: a Slack request error’s HTTP config (with the bot token) never reaches the line', () => {
    const capture = new LogCapture();
    const logger = createLogger({ level: 'info', destination: capture, secrets: new ActiveSecrets() });
    const token = 'xoxb-1111-2222-abcdefabcdef';
    // The shape of @slack/web-api's slack_webapi_request_error: the HTTP client's error as `original`.
    const original = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: { url: 'https://slack.com/api/chat.postMessage', headers: { Authorization: `Bearer ${token}` } } });
    const error = Object.assign(new Error('A request error occurred: socket hang up'), { code: 'slack_webapi_request_error', original, data: { token } });
    logger.warn({ err: error }, 'slack: progress update failed');
    assert.ok(!capture.text.includes(token), capture.text);
    const { err } = capture.find('slack: progress update failed');
    assert.equal(err.code, 'slack_webapi_request_error');
    assert.equal(err.original, undefined);
  });

  it('AggregateError: its first errors are logged too', () => {
    const capture = new LogCapture();
    const logger = createLogger({ level: 'info', destination: capture, secrets: new ActiveSecrets() });
    const errors = [Object.assign(new Error('connect ECONNREFUSED ::1:993'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ETIMEDOUT 127.0.0.1:993'), { code: 'ETIMEDOUT' })];
    logger.warn({ err: new AggregateError(errors, 'all addresses failed') }, 'both failed');
    assert.deepEqual(
      capture.find('both failed').err.errors.map((e: { code: string }) => e.code),
      ['ECONNREFUSED', 'ETIMEDOUT'],
    );
  });

  it('a diagnosis that fails in the runner logs message and stack, with the password the engine put in them scrubbed', async () => {
    const capture = new LogCapture();
    // The process-wide registry: the runner registers the password there while its run lives.
    const logger = createLogger({ level: 'info', destination: capture, secrets: activeSecrets });
    const engineError = new Error(`IMAP LOGIN alice@acme.com ${PASSWORD} failed`, {
      cause: Object.assign(new Error(`server echoed: a001 LOGIN "alice@acme.com" "${PASSWORD}"`), { code: 'EAUTH' }),
    });
    let ran = false;
    const runner = new ConversationRunner({
      store: new MemoryConversationStore<ConversationState>(),
      logger,
      discover: async () => ACME_DISCOVERY,
      diagnose: async (request) => {
        ran = request.credentials?.password === PASSWORD;
        throw engineError;
      },
    });
    const output = new RecordingOutput();
    const send = async (event: Parameters<ConversationRunner['handle']>[1]) => {
      await runner.handle(KEY, event, output);
      await runner.settled();
    };
    await send({ type: 'started', user: { id: 'U1' }, text: 'alice@acme.com', capabilities: ALL_CAPABILITIES });
    await send({ type: 'choice', choiceId: 'expected' });
    await send({ type: 'choice', choiceId: 'both' });
    await send({ type: 'choice', choiceId: 'login' });
    await send({ type: 'form_submitted', formId: 'login', values: { user: 'alice@acme.com', password: new Secret(PASSWORD) } });
    await runner.close();

    assert.ok(ran, 'the engine did not get the password: the run never happened');
    const { err, conversation } = capture.find('diagnosis failed');
    assert.equal(conversation, 'test:C1:T1');
    assert.equal(err.type, 'Error');
    assert.equal(err.message, `IMAP LOGIN alice@acme.com ${REDACTED} failed`);
    assert.ok(err.stack.startsWith(`Error: IMAP LOGIN alice@acme.com ${REDACTED} failed\n    at `), err.stack);
    assert.match(err.stack, /error-logging\.test\.ts/);
    assert.equal(err.cause.code, 'EAUTH');
    assert.match(err.cause.message, /server echoed: a001 LOGIN/);
    assertNoSecret(capture.text);
    // The user was told too, without the password.
    assertNoSecret(JSON.stringify(output.records));
  });
});
