import assert from 'node:assert/strict';
import { allText, BOB, type SlackHarness } from './support/slack-harness';
import { startFixtureBot } from './support/fixture-bot';

describe('slack adapter: language and start-up', function () {
  this.timeout(20_000);

  for (const mode of ['http', 'socket'] as const) {
    it(`logs one ready line with the mode${mode === 'http' ? ' and the port' : ''} (${mode})`, async () => {
      const h = await startFixtureBot({ mode });
      try {
        const ready = h.logs.map((line) => JSON.parse(line)).filter((entry) => /ready/.test(entry.msg));
        assert.equal(ready.length, 1);
        assert.equal(ready[0].mode, mode);
        if (mode === 'http') {
          assert.equal(ready[0].port, h.bot.port);
          assert.match(ready[0].msg, new RegExp(`HTTP mode, port ${h.bot.port}`));
          const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
          assert.equal(await health.text(), 'ok');
        } else {
          assert.equal(ready[0].port, undefined);
          assert.equal(h.fake.callsTo('apps.connections.open').length, 1);
        }
      } finally {
        await h.stop();
      }
    });
  }

  describe('the user language', () => {
    let h: SlackHarness;
    before(async () => {
      h = await startFixtureBot();
    });
    after(() => h.stop());
    beforeEach(() => h.fake.reset());

    it("speaks the Slack locale from users.info (include_locale), looked up once per user", async () => {
      await h.command('', { user: BOB });
      const root = await h.waitForPost(/Mail-Prüfung gestartet/);
      assert.match(root.args.text, /<@U0BOB> hat mit \/mailhelp eine Mail-Prüfung gestartet/);
      await h.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === root.answer.ts && /E-Mail-Adresse/.test(allText(c.args)));
      const lookups = h.fake.callsTo('users.info');
      assert.equal(lookups.length, 1);
      assert.equal(lookups[0]?.args.include_locale, 'true');
      await h.command('', { user: BOB });
      await h.fake.waitFor('chat.postMessage', (c) => c !== root && /Mail-Prüfung gestartet/.test(c.args.text ?? ''));
      assert.equal(h.fake.callsTo('users.info').length, 1, 'the locale is cached');
    });

    it('falls back to English when users.info fails, and still starts', async () => {
      h.fake.on('users.info', () => ({ ok: false, error: 'user_not_found' }));
      await h.command('', { user: 'U0NOBODY' });
      await h.waitForPost(/started a mail check/);
      await h.waitForPost(/email address/);
    });

    it('`/mailhelp lang fr` answers privately in French, with no root or thread; the next check starts in French', async () => {
      await h.command('lang fr');
      const answer = await h.fake.waitFor('response_url', (c) => /français/i.test(allText(c.args)));
      assert.equal(answer.args.response_type, 'ephemeral');
      await h.bot.runner.settled();
      assert.equal(h.fake.callsTo('chat.postMessage').length, 0, 'nothing public');
      // The next command of this user starts in French even before the conversation says so.
      await h.command('');
      await h.waitForPost(/a lancé une vérification de messagerie/);
    });
  });
});
