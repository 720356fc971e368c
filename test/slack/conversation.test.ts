import assert from 'node:assert/strict';
import { diagnose } from '../../src/diagnosis/diagnose';
import { WEB_API_METHODS } from '../../adapters/slack/web-api-scopes';
import type { RecordedCall } from './support/fake-slack-api';
import { startMailLab, type MailLab, USER } from './support/mail-lab';
import { allText, findButton, posted, SlackHarness } from './support/slack-harness';
import { formatTranscript, slackTranscript } from './support/transcript';

const WRONG_PASSWORD = 'not-the-Passw0rd-#7';

/** The Web API methods of a recorded run, consecutive repeats folded: "chat.postMessage ×3". */
function callSummary(calls: readonly RecordedCall[]): string[] {
  const out: { method: string; count: number }[] = [];
  for (const call of calls) {
    const last = out[out.length - 1];
    if (last && last.method === call.method) last.count += 1;
    else out.push({ method: call.method, count: 1 });
  }
  return out.map((c) => (c.count > 1 ? `${c.method} ×${c.count}` : c.method));
}

for (const mode of ['http', 'socket'] as const) {
  describe(`slack adapter: a whole conversation (${mode === 'http' ? 'HTTP, signed requests' : 'Socket Mode'})`, function () {
    this.timeout(30_000);
    let lab: MailLab;
    let h: SlackHarness;

    before(async () => {
      lab = await startMailLab();
      h = await SlackHarness.start({
        mode,
        discover: async () => lab.discovery,
        diagnose: (request, language) => diagnose(request, language),
        diagnoseOptions: lab.diagnoseOptions,
        triageChannel: 'C0TRIAGE',
      });
    });
    after(async () => {
      await h.stop();
      await lab.close();
    });

    it('goes from /mailhelp to a Block Kit report with the right cause, through buttons, a typed reply and the login modal', async () => {
      const ack = await h.command('');
      assert.equal(ack.status, 200);
      assert.ok(ack.ms < 3000, `acked in ${ack.ms} ms`);

      // The root message in the channel, then the conversation in its thread.
      const root = await h.waitForPost(/started a mail check/);
      assert.equal(root.args.channel, 'C0GENERAL');
      assert.equal(root.args.thread_ts, undefined);
      const thread = { channel: 'C0GENERAL', thread: root.answer.ts as string };
      // The welcome opens the first question: one message, not two.
      const askEmail = await h.waitForPost(/email address/);
      assert.equal(askEmail.args.thread_ts, thread.thread);
      assert.match(allText(askEmail.args), /^Hi! I'll find out why your mail app can't connect/u);

      // A typed reply; Slack sends the address as a mailto link. The question answered by typing
      // loses its buttons and its how-to-answer line; its text stays.
      await h.reply(thread, `<mailto:${USER}|${USER}>`);
      const looking = await h.waitForPost(/Looking up the settings for mail\.test/);
      const tidied = await h.fake.waitFor('chat.update', (c) => c.args.ts === askEmail.answer.ts);
      assert.match(allText(tidied.args.blocks), /email address/);
      assert.doesNotMatch(allText(tidied.args.blocks), /For example: alice@example\.com/);
      assert.equal(findButton(tidied.args.blocks, 'mailhelp_choice:cancel'), undefined);
      // "Looking up…" becomes the question, in place.
      const confirm = posted(await h.waitForButton('mailhelp_choice:expected'));
      assert.equal(confirm.ts, looking.answer.ts);
      assert.match(allText(confirm.blocks), /Incoming: IMAP imap\.mail\.test, port \d+, SSL\/TLS/);
      await h.click(confirm, 'mailhelp_choice:expected');
      // The answered question loses its buttons and its hint.
      const answered = await h.fake.waitFor('chat.update', (c) => c.args.ts === confirm.ts && /chosen by/.test(allText(c.args.blocks)));
      assert.match(allText(answered.args.blocks), /Yes, it uses these \(chosen by <@U0ALICE>\)/);
      assert.equal(findButton(answered.args.blocks, 'mailhelp_choice:expected'), undefined);
      assert.doesNotMatch(allText(answered.args.blocks), /Type 1, 2 or 3/);

      await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
      await h.click(posted(await h.waitForButton('mailhelp_choice:login')), 'mailhelp_choice:login');

      // The private form: a modal opened with the click's trigger id, saying that it cannot hide the password.
      const opened = await h.fake.waitFor('views.open');
      const view = opened.args.view;
      assert.equal(view.type, 'modal');
      assert.match(allText(view), /This form can't hide what you type/);
      assert.ok(view.title.text.length <= 24);
      const ackForm = await h.submit(opened, { user: USER, password: WRONG_PASSWORD });
      assert.equal(ackForm.status, 200);

      // Progress: one message, edited as checks finish.
      const progress = await h.waitForPost(/Checking imap\.mail\.test/);
      await h.fake.waitFor('chat.update', (c) => c.args.ts === progress.answer.ts && /✓/.test(allText(c.args.blocks)));

      // The report takes the progress message's place: the cause as header, its explanation,
      // fix and evidence, where the checks ran, buttons.
      const report = posted(await h.waitForButton('mailhelp_choice:helpdesk'));
      assert.equal(report.ts, progress.answer.ts);
      const blocks = report.blocks as any[];
      assert.equal(blocks[0].type, 'header');
      assert.match(blocks[0].text.text, /^❌ .*(user name or password|sign-in|credentials)/i);
      const text = allText(blocks);
      // The thread is read by the channel: the user's address is masked there.
      assert.match(text, /login as a\*\*\*@mail\.test rejected: "NO \[AUTHENTICATIONFAILED\] Invalid credentials \(Failure\)"/);
      assert.match(text, /Checked from/i);
      for (const action of ['again', 'another', 'helpdesk', 'details', 'done']) assert.ok(findButton(blocks, `mailhelp_choice:${action}`), `button ${action}`);
      assert.ok(blocks.length <= 50);

      // The channel's root now tells the outcome (issue 20.3), naming no address or domain.
      const outcome = await h.fake.waitFor('chat.update', (c) => c.args.ts === thread.thread);
      assert.equal(outcome.args.text, 'Mail check by <@U0ALICE>: ✗ Incoming: User name or password rejected — the fix is in the thread.');

      // Send to the help desk: a summary with a link to the thread, in the triage channel.
      // Show details: for the user alone.
      await h.click(report, 'mailhelp_choice:details');
      await h.fake.waitFor('chat.postEphemeral', (c) => c.args.user === 'U0ALICE');
      await h.click(report, 'mailhelp_choice:helpdesk');
      const triage = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0TRIAGE');
      assert.match(allText(triage.args), /Help-desk request from <@U0ALICE>/);
      assert.match(allText(triage.args), new RegExp(`https://fake\\.slack\\.test/archives/C0GENERAL/p${thread.thread.replace('.', '')}`));
      // Only the user asked: "sent" and the goodbye are for their eyes (the root tells the channel).
      await h.fake.waitFor('chat.postEphemeral', (c) => c.args.user === 'U0ALICE' && /sent this report to the help desk/.test(allText(c.args)));

      // The report keeps its buttons (only questions lose theirs once answered).
      const reportAt = h.fake.calls.findIndex((c) => c.method === 'chat.update' && c.args.ts === report.ts && findButton(c.args.blocks ?? [], 'mailhelp_choice:helpdesk'));
      const reportEdits = h.fake.calls.slice(reportAt + 1).filter((c) => c.method === 'chat.update' && c.args.ts === report.ts);
      assert.equal(reportEdits.length, 0, JSON.stringify(reportEdits.map((c) => c.args)).slice(0, 1500));
      await h.click(report, 'mailhelp_choice:done');
      await h.fake.waitFor('chat.postEphemeral', (c) => c.args.user === 'U0ALICE' && /Glad I could help/.test(allText(c.args)));
      await h.bot.runner.settled();

      // The password went to the engine and nowhere else: not to Slack, not to a log line.
      const everything = JSON.stringify(h.fake.calls.map((c) => [c.method, c.args])) + h.logs.join('\n');
      assert.ok(!everything.includes(WRONG_PASSWORD), 'the password leaked into a Slack call or a log line');
      assert.ok(lab.imap.received.some((line) => line.startsWith('LOGIN') || line.startsWith('AUTHENTICATE')));
      // Every message went into the thread (or the triage channel); none into the channel itself besides the root.
      for (const call of h.fake.callsTo('chat.postMessage').slice(1)) {
        assert.ok(call.args.thread_ts === thread.thread || call.args.channel === 'C0TRIAGE', allText(call.args));
      }
      // No message the channel can read carries the address; the help desk's summary may.
      const lines = slackTranscript(h.fake.calls);
      for (const line of lines.filter((l) => l.public && l.place !== 'triage')) assert.ok(!line.text.includes(USER), line.text);
      // What is public and what is private (issue 20): the root, the thread, and for the user
      // alone the sign-in form and the details.
      assert.deepEqual(
        lines.map((l) => `${l.place} ${l.public ? 'public' : 'private'}`),
        ['channel public', ...Array(4).fill('thread public'), 'modal private', 'thread public', 'ephemeral private', 'triage public', 'ephemeral private', 'ephemeral private'],
        formatTranscript(lines),
      );
      // The root was edited with the outcome and names no address or domain.
      assert.equal(lines[0]?.text, 'Mail check by <@U0ALICE>: ✗ Incoming: User name or password rejected — the fix is in the thread.');
      assert.doesNotMatch(lines[0]?.text ?? '', /mail\.test|alice/);
      // Fewer messages (issue 20.7): welcome in the first question, "Looking up…" edited into the
      // confirmation, the progress into the report, which stays the thread's last public message.
      // The code before posted 10 in the thread.
      const inThread = lines.filter((l) => l.place === 'thread');
      assert.ok(inThread.length <= 5, `${inThread.length} messages in the thread:\n${formatTranscript(lines)}`);
      // Only methods the manifest's scopes cover.
      for (const call of h.fake.calls) assert.ok(call.method === 'response_url' || call.method in WEB_API_METHODS, call.method);
      if (mode === 'socket') assert.equal(h.fake.callsTo('apps.connections.open')[0]?.token, h.fake.appToken);
      if (mode === 'http') console.log(`      Web API calls: ${callSummary(h.fake.calls).join(' → ')}`);
      if (mode === 'http' && process.env.PRINT_TRANSCRIPT) console.log(formatTranscript(slackTranscript(h.fake.calls), 400));
    });
  });
}
