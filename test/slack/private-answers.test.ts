import assert from 'node:assert/strict';
import { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import { startFixtureBot } from './support/fixture-bot';
import { allText, BOB, type SlackHarness } from './support/slack-harness';
import { slackTranscript } from './support/transcript';

/**
 * What concerns one person stays private: `/mailhelp help`, `lang`, a limit that holds and a
 * refused command are answered through the command's response_url (ephemeral), with no root
 * message and no thread. Through the real Bolt against the fake Web API.
 */
describe('slack adapter: private answers to /mailhelp', function () {
  this.timeout(20_000);
  let h: SlackHarness;
  const limits = new DiagnosisLimits({ user: { limit: 1, windowMs: 600_000 }, workspace: { limit: 100, windowMs: 600_000 }, maxConcurrent: 2, maxConnections: 8 });

  before(async () => {
    h = await startFixtureBot({ limits });
  });
  after(() => h.stop());
  beforeEach(() => h.fake.reset());

  async function onlyPrivate(command: string, pattern: RegExp, user?: string): Promise<void> {
    await h.command(command, user ? { user } : {});
    const answer = await h.fake.waitFor('response_url', (c) => pattern.test(allText(c.args)));
    await h.bot.runner.settled();
    assert.equal(answer.args.response_type, 'ephemeral', command);
    const lines = slackTranscript(h.fake.calls);
    assert.ok(lines.length > 0 && lines.every((l) => l.place === 'ephemeral' && !l.public), `${command}: ${JSON.stringify(lines)}`);
    assert.equal(h.fake.callsTo('chat.postMessage').length, 0, 'no root, no thread');
  }

  it('/mailhelp help', () => onlyPrivate('help', /finds out why a mail app can't connect/));

  it('/mailhelp lang de, answered in German', () => onlyPrivate('lang de', /ab jetzt spreche ich Deutsch/));

  it('a channel command the user may not run (admins only)', () => onlyPrivate('watch imap.acme.com:993', /admin/i));

  it('a limit that holds is said when /mailhelp is typed, before any question', async () => {
    // Bob's one check of the window is used by a server-only check.
    await h.command('imap.acme.com:993', { user: BOB });
    await h.fake.waitForShown((c) => Array.isArray(c.args.blocks) && /Mail-Prüfung für|Server-Prüfung/.test(allText(c.args)));
    await h.bot.runner.settled();
    h.fake.reset();
    await onlyPrivate('', /in den letzten 10 Minuten 1 Prüfung gestartet/, BOB);
  });
});
