import assert from 'node:assert/strict';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { ConversationEvent } from '../../src/conversation/events';
import { diagnose } from '../../src/diagnosis/diagnose';
import { Secret } from '../../src/conversation/secret';
import type { ConversationKey } from '../../src/store/conversation-key';
import { DiagnosisRecorder } from '../../src/history/diagnosis-recorder';
import { MemoryHistoryStore } from '../../src/history/history-store';
import { ALL_CAPABILITIES } from '../conversation/support/driver';
import { RecordingOutput } from '../conversation/support/recording-output';
import { ALICE, RecordingStore, SignInRecordingOutput, startOAuthMailbox, type OAuthMailbox } from './conversation-fixture';
import { useTestProvider } from './support';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };
const PASSWORD = 'alice-Pa55word!';

/**
 * The OAuth sign-in test as a conversation, with the real engine: a real provider
 * (oidc-provider on loopback) whose user the test plays, and an IMAPS server that refuses
 * passwords the way Exchange Online does and takes a token only when it introspects as the
 * user's. The runner shows the code only through the output's private channel.
 */
describe('the OAuth sign-in test in the conversation (runner, real engine, real provider)', function () {
  this.timeout(60_000);
  const fixture = useTestProvider({ interval: 1 });
  let mailbox: OAuthMailbox;
  let store: RecordingStore;
  let history: MemoryHistoryStore;
  let runner: ConversationRunner;
  let logs: string[];

  before(async () => (mailbox = await startOAuthMailbox(fixture())));
  after(async () => mailbox?.close());
  beforeEach(() => {
    const { pki } = fixture();
    logs = [];
    const log = (level: string) => (details: object, message: string) => void logs.push(`${level} ${message} ${JSON.stringify(details)}`);
    store = new RecordingStore();
    history = new MemoryHistoryStore();
    runner = new ConversationRunner({
      store,
      discover: async () => mailbox.discovery,
      diagnose,
      diagnoseOptions: mailbox.diagnoseOptions,
      signIn: { config: mailbox.config, ca: pki.trusted, timeoutMs: 5000 },
      records: new DiagnosisRecorder({ history }),
      logger: { debug: log('debug'), warn: log('warn'), error: log('error') },
    });
    mailbox.tokensSeen.length = 0;
  });
  afterEach(() => runner.close());

  function sender(output: RecordingOutput) {
    return async (event: ConversationEvent): Promise<void> => {
      await runner.handle(KEY, event, output);
      await runner.settled();
    };
  }

  const approving = (user = ALICE, deny = false) => new SignInRecordingOutput((code) => void fixture().provider.approveDevice(code.code ?? '', user, { deny }));

  async function toLoginQuestion(send: (event: ConversationEvent) => Promise<void>): Promise<void> {
    await send({ type: 'started', user: { id: 'U1' }, text: ALICE, capabilities: ALL_CAPABILITIES });
    await send({ type: 'choice', choiceId: 'expected' });
    await send({ type: 'choice', choiceId: 'incoming' });
  }

  it('offers "Sign in with …" when discovery says passwords are refused, shows the code privately, and reports the verified fix', async () => {
    const output = approving();
    const send = sender(output);
    await toLoginQuestion(send);
    const question = output.of('ask').at(-1)!.question;
    assert.deepEqual(question.choices.map((c) => c.id), ['oauth', 'login', 'skip_login', 'cancel']);
    assert.equal(question.choices[0]!.label, 'Sign in with Test Identity');
    assert.match(question.message[0]!.kind === 'text' ? question.message[0]!.text : '', /This account signs in with Test Identity, and its servers refuse passwords/);

    await send({ type: 'choice', choiceId: 'oauth' });
    assert.equal(output.codes.length, 1);
    const shown = output.codes[0]!;
    assert.match(shown.code ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(new URL(shown.url).origin, fixture().provider.issuer);
    assert.equal(shown.expiresInMinutes, 15);
    assert.deepEqual(shown.message.map((b) => b.kind), ['text', 'code', 'text']);
    assert.equal(shown.message[1]!.text, shown.code);
    // The waiting and the sign-in were said in the progress message, not beside the code.
    const titles = output.of('progress').map((p) => p.progress.title);
    assert.ok(titles.includes('Asking Test Identity for a sign-in code…'), titles.join(' | '));
    assert.ok(titles.includes('Waiting for you to sign in — the code expires in 15 min'), titles.join(' | '));
    assert.ok(titles.includes('Signed in with Test Identity. Testing the mail login with it now.'), titles.join(' | '));

    const report = output.of('report').at(-1)!.document;
    const works = JSON.stringify(report);
    assert.match(works, /Modern sign-in \(OAuth\) works/);
    assert.match(works, /Switch your app to \\"Sign in with Test Identity\\"; the bot signed in that way and opened your inbox/);
    // The token opened the mailbox, and was revoked after the test.
    const token = mailbox.tokensSeen[0]!;
    assert.ok(token);
    assert.equal((await fixture().provider.introspect(token)).active, false);
    // The verified fix is the answer: the report with its actions, no test from the user's device.
    assert.equal((await store.get(KEY))?.value.step, 'report');
  });

  it('after a password the server refuses as basic authentication, offers the OAuth test and shows both results side by side with one verdict', async () => {
    const output = approving();
    const send = sender(output);
    await toLoginQuestion(send);
    await send({ type: 'choice', choiceId: 'login' });
    await send({ type: 'form_submitted', formId: 'login', values: { user: ALICE, password: new Secret(PASSWORD) } });
    const first = output.of('report').at(-1)!;
    assert.match(JSON.stringify(first.document), /Basic authentication is disabled/);
    // The fix changes how the app signs in, so "which app?" comes first (steps/which-app).
    if ((await store.get(KEY))?.value.step === 'ask_app') await send({ type: 'choice', choiceId: 'app_unknown' });
    const next = output.of('ask').at(-1)!.question.choices;
    assert.equal(next[0]?.id, 'oauth', 'the OAuth test is the first next step');
    assert.equal(next[0]?.label, 'Sign in with Test Identity');
    assert.equal(next[0]?.style, 'primary');
    assert.equal(output.codes.length, 0);

    await send({ type: 'choice', choiceId: 'oauth' });
    assert.equal(output.codes.length, 1);
    const document = output.of('report').at(-1)!.document;
    assert.equal(document.verdict.kind, 'problem');
    assert.equal(document.verdict.headline.includes('Passwords are refused; modern sign-in (OAuth) works'), true, document.verdict.headline);
    const state = (await store.get(KEY))!.value;
    const merged = state.report!;
    assert.equal(merged.findings[0]?.cause, 'oauth.use_oauth');
    assert.equal(merged.findings[0]?.fix?.summary, 'Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox.');
    assert.match(merged.findings[0]!.evidence, /^password: refused \("NO \[AUTHENTICATIONFAILED\] Basic authentication is disabled\."\); sign-in with Test Identity as alice@example\.test: worked/);
    assert.ok(merged.findings.some((f) => f.cause === 'auth.basic_auth_disabled'), 'the password result is kept');
    assert.ok(merged.findings.some((f) => f.cause === 'oauth.works'), 'the OAuth result is kept');
    const logins = merged.checks.filter((c) => c.name === 'login');
    assert.deepEqual(logins.map((c) => c.status), ['fail', 'pass']);
    assert.match(logins[0]!.detail, /^password: /);
    // No second OAuth offer once it ran; the password is nowhere.
    assert.ok(!JSON.stringify(output.records.slice(-3)).includes('"oauth"'), 'no second OAuth offer');
    for (const where of [output.transcript, JSON.stringify(state), logs.join('\n')]) assert.ok(!where.includes(PASSWORD));
  });

  it('names the mailbox switch when the token is good but IMAP is off for the mailbox', async () => {
    mailbox.imapOff.add(ALICE);
    try {
      const output = approving();
      const send = sender(output);
      await toLoginQuestion(send);
      await send({ type: 'choice', choiceId: 'oauth' });
      const document = JSON.stringify(output.of('report').at(-1)!.document);
      assert.match(document, /IMAP is turned off for this mailbox/);
      assert.match(document, /Set-CASMailbox -Identity alice@example\.test -ImapEnabled \$true/);
    } finally {
      mailbox.imapOff.delete(ALICE);
    }
  });

  it('a declined sign-in becomes a finding and no mail server sees a token', async () => {
    const output = approving(ALICE, true);
    const send = sender(output);
    await toLoginQuestion(send);
    await send({ type: 'choice', choiceId: 'oauth' });
    assert.match(JSON.stringify(output.of('report').at(-1)!.document), /the sign-in was declined on Test Identity's page/);
    assert.deepEqual(mailbox.tokensSeen, []);
  });

  it('never offers the test where the code cannot be shown privately, and says why', async () => {
    const output = new RecordingOutput();
    const send = sender(output);
    await toLoginQuestion(send);
    const question = output.of('ask').at(-1)!.question;
    assert.deepEqual(question.choices.map((c) => c.id), ['login', 'skip_login', 'cancel']);
    assert.match(JSON.stringify(question.message), /here the bot cannot show you a sign-in code privately/);
    // A typed "oauth" does not start it either.
    await send({ type: 'text', text: 'oauth' });
    assert.equal((await store.get(KEY))?.value.step, 'offer_login');
  });

  it('cancel while waiting for the user stops the polling at once', async () => {
    const output = new SignInRecordingOutput(() => undefined);
    const send = sender(output);
    await toLoginQuestion(send);
    const before = fixture().provider.tokenRequests.length;
    void runner.handle(KEY, { type: 'choice', choiceId: 'oauth' }, output);
    while (output.codes.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await runner.handle(KEY, { type: 'cancelled' }, output);
    await runner.settled();
    assert.equal(await store.get(KEY), undefined);
    assert.ok(fixture().provider.tokenRequests.length - before <= 2, 'no polling after cancel');
    assert.deepEqual(mailbox.tokensSeen, []);
  });

  it('secrets: the token and the code reach no other conversation, message, log line, stored state, history record or report', async () => {
    const output = approving();
    const bystander = new SignInRecordingOutput(() => assert.fail('no code for a bystander'));
    const send = sender(output);
    await toLoginQuestion(send);
    // Another user's conversation in the same channel, open at the same time.
    const other: ConversationKey = { ...KEY, thread: 'T2' };
    await runner.handle(other, { type: 'started', user: { id: 'U2' }, text: 'bob@acme.test', capabilities: ALL_CAPABILITIES }, bystander);
    await send({ type: 'choice', choiceId: 'oauth' });
    await runner.settled();
    const code = output.codes[0]!.code ?? '';
    const token = mailbox.tokensSeen[0]!;
    assert.ok(code && token);
    const records = await history.query({});
    assert.ok(records.length >= 1, 'the report was recorded');
    const places: Record<string, string> = {
      'messages of the conversation (besides the private code)': output.transcript,
      'the other conversation': JSON.stringify(bystander.records) + JSON.stringify(bystander.codes),
      logs: logs.join('\n'),
      'stored states': store.written.join('\n'),
      'history records': JSON.stringify(records),
      report: JSON.stringify((await store.get(KEY))?.value.report ?? {}),
    };
    assert.ok(store.written.length > 3 && logs.length > 3, 'the places were written to');
    for (const [where, text] of Object.entries(places)) {
      assert.ok(!text.includes(token), `the token is in ${where}`);
      assert.ok(!text.includes(code), `the code is in ${where}`);
    }
  });
});
