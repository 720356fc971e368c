import assert from 'node:assert/strict';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import { withLoginPage } from '../../src/conversation/runner/with-login-page';
import type { ConversationState } from '../../src/conversation/state';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import type { LoginPageServer } from '../../src/secure-login/login-page-server';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { freeLoopbackPort, submitOnLoginPage } from '../support/login-page-client';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, report } from './support/fixtures';
import { LinkRecordingOutput, RecordingOutput } from './support/recording-output';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };
const PASSWORD = 'page-only p@ssw0rd';

/**
 * MAILHELP_PUBLIC_URL: the login step sends a one-time link to the bot's own page instead of
 * the chat form; the password posted there (a real HTTP POST to 127.0.0.1) comes back into
 * the conversation as the login form's answer.
 */
describe('ConversationRunner with the one-time password page', function () {
  let runner: ConversationRunner;
  let page: LoginPageServer;
  let store: MemoryConversationStore<ConversationState>;
  let requests: DiagnoseRequest[];

  beforeEach(async function () {
    const port = await freeLoopbackPort();
    requests = [];
    store = new MemoryConversationStore<ConversationState>();
    const diagnose: Diagnose = async (request) => {
      requests.push(request);
      return report();
    };
    ({ runner, page } = withLoginPage({ store, discover: async () => ACME_DISCOVERY, diagnose }, { publicUrl: `http://127.0.0.1:${port}` }));
    await page.listen(port, '127.0.0.1');
  });
  afterEach(async function () {
    await runner.close();
    await page.close();
  });

  async function toLoginStep(output: RecordingOutput, language?: string): Promise<void> {
    const send = async (event: Parameters<ConversationRunner['handle']>[1]) => {
      await runner.handle(KEY, event, output);
      await runner.settled();
    };
    await send({ type: 'started', user: { id: 'U1' }, text: 'alice@acme.com', capabilities: ALL_CAPABILITIES, ...(language ? { locale: language } : {}) });
    await send({ type: 'choice', choiceId: 'expected' });
    await send({ type: 'choice', choiceId: 'incoming' });
    await send({ type: 'choice', choiceId: 'login' });
  }

  it('offers a private link instead of the chat form; the password posted there runs the login test and the report reaches the chat', async function () {
    const output = new LinkRecordingOutput();
    await toLoginStep(output);
    assert.equal(output.of('form').length, 0, 'no chat form');
    const link = output.of('link')[0]?.link;
    assert.ok(link);
    assert.match(link.url, /^http:\/\/127\.0\.0\.1:\d+\/login\/[A-Za-z0-9_-]{43}$/);
    assert.equal(link.expiresInMinutes, 10);
    assert.equal(link.title, 'Test sign-in');
    assert.equal(link.message[0]?.text, 'Enter your password on this private page, which hides what you type. The link works once, for 10 minutes.');
    assert.equal(link.buttonLabel, 'Open the sign-in page');

    const response = await submitOnLoginPage(link.url, PASSWORD);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<h1>/);
    await runner.settled();
    assert.deepEqual(requests[0]?.credentials, { user: 'alice@acme.com', password: PASSWORD });
    assert.equal(output.of('report').length, 1);
    assert.equal((await store.get(KEY))?.value.step, 'report');
    assert.ok(!output.transcript.includes(PASSWORD));
    assert.ok(!JSON.stringify(await store.get(KEY)).includes(PASSWORD));
    // One use only.
    assert.equal((await fetch(link.url)).status, 410);
  });

  it('the page speaks the conversation\'s language', async function () {
    const output = new LinkRecordingOutput();
    await toLoginStep(output, 'de');
    const link = output.of('link')[0]!.link;
    assert.match(link.message[0]?.text ?? '', /privaten Seite/);
    assert.match(await (await fetch(link.url)).text(), /<html lang="de">/);
  });

  it('the link is revoked when the conversation ends', async function () {
    const output = new LinkRecordingOutput();
    await toLoginStep(output);
    const url = output.of('link')[0]!.link.url;
    await runner.handle(KEY, { type: 'cancelled' }, output);
    await runner.settled();
    assert.equal((await fetch(url)).status, 410);
    assert.equal(requests.length, 0);
  });

  it('a link from a login step the user left (skipped) is refused as ended; the conversation is not disturbed', async function () {
    const output = new LinkRecordingOutput();
    await toLoginStep(output);
    const url = output.of('link')[0]!.link.url;
    await runner.handle(KEY, { type: 'choice', choiceId: 'skip_login' }, output);
    await runner.settled();
    const response = await submitOnLoginPage(url, PASSWORD);
    assert.equal(response.status, 410);
    await runner.settled();
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.credentials, undefined);
  });

  it('asking for the form again issues a new link; the old one stops working', async function () {
    const output = new LinkRecordingOutput();
    await toLoginStep(output);
    await runner.handle(KEY, { type: 'choice', choiceId: 'open_login_form' }, output);
    await runner.settled();
    const [first, second] = output.of('link').map((r) => r.link.url);
    assert.ok(first && second && first !== second);
    assert.equal((await fetch(first)).status, 410);
    assert.equal((await submitOnLoginPage(second, PASSWORD)).status, 200);
    await runner.settled();
    assert.equal(requests[0]?.credentials?.password, PASSWORD);
  });

  it('an output that cannot show a link gets the chat form, with the unmasked warning', async function () {
    const output = new RecordingOutput();
    await toLoginStep(output);
    const form = output.of('form')[0]?.form;
    assert.equal(form?.id, 'login');
    assert.match(form?.description ?? '', /can't hide what you type/);
  });
});
