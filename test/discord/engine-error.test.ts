import assert from 'node:assert/strict';
import { ENGINE_FAILURE as RAW, failingEngine } from '../conversation/support/fixtures';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';

/** The engine throws (issue 20.6): the thread hears whose problem it is in plain words, the root and the progress say "stopped", the log has the error. */
describe('discord: an engine error', function () {
  let h: Harness;

  before(async () => {
    h = await startHarness({
      diagnose: failingEngine,
    });
  });
  after(() => h.close());

  it('says "a problem on the bot\'s side", marks the progress and the root stopped, and logs the error, which Discord never sees', async () => {
    const since = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993' });
    await h.message(has(/a problem on the bot's side, not on your mail server\. Please try again in a minute\./u), { since });
    await h.bot.runner.settled();
    const [thread] = h.fake.threads();
    const progress = h.fake.messagesIn(thread?.id as string).find((m) => /Stopped/u.test(textOf(m)));
    assert.match(textOf(progress ?? {}), /^⏹ \*\*Stopped: a problem on the bot's side\.\*\*/u);
    assert.ok(!h.fake.messagesIn(thread?.id as string).some((m) => /⏳/u.test(textOf(m))), 'a message still says it is checking');
    await h.until(() => /⏹ Stopped: a problem on the bot's side\./u.test(textOf(h.fake.message(thread?.id as string))));
    assert.ok(!JSON.stringify(h.fake.rest.calls.map((c) => c.body)).includes('EAI_AGAIN'), 'the raw error reached Discord');
    const logged = h.logs.error.args.find(([, message]) => message === 'diagnosis failed');
    assert.equal((logged?.[0] as { err?: Error } | undefined)?.err?.message, RAW);
  });
});
