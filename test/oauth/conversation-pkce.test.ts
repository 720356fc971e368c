import assert from 'node:assert/strict';
import type { ConversationEvent } from '../../src/conversation/events';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import { withLoginPage } from '../../src/conversation/runner/with-login-page';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { LoginPageServer } from '../../src/secure-login/login-page-server';
import type { ConversationKey } from '../../src/store/conversation-key';
import { ALL_CAPABILITIES } from '../conversation/support/driver';
import { ALICE, RecordingStore, SignInRecordingOutput } from './conversation-fixture';
import { type PkceWorld, signInInBrowser, startPkceWorld } from './pkce-world';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };

/**
 * A Google-like account in the conversation: the provider has no device flow for mail, so with
 * MAILHELP_PUBLIC_URL the bot sends a private link to its own OAuth page (authorization code +
 * PKCE), the user signs in in the browser (played by the test on the real provider's pages),
 * and the real engine logs in with the token the page received.
 */
describe('the OAuth sign-in test in the conversation through the bot\'s PKCE page (provider configured like Google)', function () {
  this.timeout(60_000);
  let world: PkceWorld;
  let runner: ConversationRunner;
  let page: LoginPageServer;

  before(async function () {
    world = await startPkceWorld();
    ({ runner, page } = withLoginPage(
      {
        store: new RecordingStore(),
        discover: async () => world.mailbox.discovery,
        diagnose,
        diagnoseOptions: world.mailbox.diagnoseOptions,
        signIn: world.signIn,
      },
      { publicUrl: world.publicUrl },
    ));
    await page.listen(world.port, '127.0.0.1');
  });
  after(async () => {
    await runner?.close();
    await page?.close();
    await world?.close();
  });

  it('offers "Sign in with Google-like", sends a private link to the bot\'s page, and the browser sign-in lets the engine log in', async () => {
    let browsed: Promise<void> = Promise.resolve();
    const output = new SignInRecordingOutput((code) => (browsed = signInInBrowser(world, code.url, ALICE).then(() => undefined)));
    const send = async (event: ConversationEvent): Promise<void> => {
      await runner.handle(KEY, event, output);
      await runner.settled();
    };
    await send({ type: 'started', user: { id: 'U1' }, text: ALICE, capabilities: ALL_CAPABILITIES });
    await send({ type: 'choice', choiceId: 'expected' });
    await send({ type: 'choice', choiceId: 'incoming' });
    const question = output.of('ask').at(-1)!.question;
    assert.equal(question.choices[0]?.label, 'Sign in with Google-like');
    await send({ type: 'choice', choiceId: 'oauth' });
    await browsed;
    const link = output.codes[0]!;
    assert.equal(link.code, undefined, 'no device code: the link is the private part');
    assert.match(link.url, new RegExp(`^http://127\\.0\\.0\\.1:${world.port}/oauth/start/[A-Za-z0-9_-]{43}$`));
    assert.match(JSON.stringify(output.of('progress').map((p) => p.progress.title)), /Waiting for you to sign in with Google-like on the private page/);
    assert.match(JSON.stringify(output.of('report').at(-1)!.document), /Switch your app to \\"Sign in with Google-like\\"; the bot signed in that way and opened your inbox/);
    // The IMAP server took the token only as alice's with the IMAP scope; it was revoked after the test.
    const token = world.mailbox.tokensSeen[0]!;
    assert.ok(token);
    assert.equal((await world.provider.introspect(token)).active, false);
    // The link was the conversation's, once: opening it again is refused.
    assert.equal((await fetch(link.url, { redirect: 'manual' })).status, 404);
  });
});
