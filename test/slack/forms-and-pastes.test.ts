import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import { ACME_DISCOVERY, report } from '../conversation/support/fixtures';
import { allText, posted, SlackHarness } from './support/slack-harness';

const FIXTURES = join(__dirname, '..', 'conversation', 'client-output', 'fixtures');

/**
 * Issue 14.2 and 14.5 in Slack: a modal is checked before it closes — Slack shows each problem
 * under its field and keeps everything typed — and a pasted command output is one answer, in
 * Slack's own markup (entities, links, a code block).
 */
describe('slack adapter: modals checked on submit, pastes read whole', function () {
  this.timeout(30_000);
  let h: SlackHarness;
  const diagnose: Diagnose = async (request) => report([], request.settings);

  beforeEach(async () => {
    h = await SlackHarness.start({ discover: async () => ACME_DISCOVERY, diagnose });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function threadOf(): Promise<{ channel: string; thread: string }> {
    const root = await h.waitForPost(/started a mail check/);
    return { channel: root.args.channel, thread: root.answer.ts as string };
  }

  it('a wrong port in the server modal: the error under the field, the modal stays open, nothing posted', async () => {
    await h.command('alice@acme.com');
    await threadOf();
    await h.click(posted(await h.waitForButton('mailhelp_choice:own')), 'mailhelp_choice:own');
    await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
    await h.click(posted(await h.waitForButton('mailhelp_choice:form')), 'mailhelp_choice:form');
    const opened = await h.fake.waitFor('views.open');
    const postsBefore = h.fake.callsTo('chat.postMessage').length;

    const rejected = await h.submit(opened, { protocol: 'imap', host: 'mail.acme.com', port: 'abc', security: 'tls' });
    assert.equal(rejected.status, 200);
    const answer = JSON.parse(rejected.body) as { response_action: string; errors: Record<string, string> };
    assert.equal(answer.response_action, 'errors');
    assert.deepEqual(Object.keys(answer.errors), ['field_port']);
    assert.match(answer.errors.field_port ?? '', /abc isn't a port number/u);
    await h.bot.runner.settled();
    assert.equal(h.fake.callsTo('chat.postMessage').length, postsBefore, 'the rejected modal posted something');

    // Corrected in the same modal (Slack kept the other fields): accepted and noted.
    const accepted = await h.submit(opened, { protocol: 'imap', host: 'mail.acme.com', port: '993', security: 'tls' });
    assert.equal(accepted.body, '');
    await h.waitForPost(/Got it: IMAP mail\.acme\.com, port 993, SSL\/TLS/u);
  });

  it('an empty password in the login modal: asked on the field, the modal stays open', async () => {
    await h.command('alice@acme.com');
    await threadOf();
    await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
    await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
    await h.click(posted(await h.waitForButton('mailhelp_choice:login')), 'mailhelp_choice:login');
    const opened = await h.fake.waitFor('views.open');
    const rejected = await h.submit(opened, { user: 'alice@acme.com', password: '' });
    const answer = JSON.parse(rejected.body) as { response_action: string; errors: Record<string, string> };
    assert.deepEqual(Object.keys(answer.errors), ['field_password']);
    assert.match(answer.errors.field_password ?? '', /Enter the password/u);
    await h.bot.runner.settled();
    assert.equal(h.fake.callsTo('chat.postMessage').filter((c) => /Checking/u.test(allText(c.args))).length, 0, 'no check ran');
  });

  it('a multi-line paste in one thread reply is one answer, read through Slack markup and a code block', async () => {
    await h.command('imap://192.0.2.1:993 ssl');
    const thread = await threadOf();
    await h.click(posted(await h.waitForButton('mailhelp_choice:linux')), 'mailhelp_choice:linux');
    await h.waitForPost(/paste everything it printed/u);
    // Three tools' output: nc timing out on 993 and on 587, openssl refused (on 993 again).
    const ncTimeout = readFileSync(join(FIXTURES, 'nc-timeout.txt'), 'utf8');
    const paste = ncTimeout + readFileSync(join(FIXTURES, 'openssl-refused.txt'), 'utf8') + ncTimeout.replace('port 993', 'port 587');
    assert.ok(paste.trim().split('\n').length >= 3, 'the fixture is not a multi-line paste');
    // What Slack delivers: & < > as entities, inside the code block the user pasted it in.
    const slackText = `\`\`\`${paste.trim().replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;')}\`\`\``;
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.reply(thread, slackText);
    await h.bot.runner.settled();
    const after = h.fake.callsTo('chat.postMessage').slice(before).map((c) => allText(c.args));
    // One answer, one report, read from its first line to its last: both ports, 993 once.
    assert.equal(after.length, 1, after.join('\n---\n'));
    assert.match(after[0] ?? '', /From your device, the connection to 192\.0\.2\.1 port 993 timed out/u);
    assert.match(after[0] ?? '', /192\.0\.2\.1 port 587 timed out/u);
    assert.equal((after[0] ?? '').match(/port 993 (?:timed out|was refused)/gu)?.length, 1, 'the refusal on 993 is the same cause: one finding');
    assert.doesNotMatch(after.join('\n'), /didn't get that|couldn't find the command's output/iu);
  });
});
