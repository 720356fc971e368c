import assert from 'node:assert/strict';
import { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import { has, type Harness, startHarness } from './support/bot-harness';
import { discordTranscript } from './support/transcript';

/**
 * What concerns one person stays private on Discord too: `/mailhelp help`, `lang`, a refused
 * channel command and a limit that holds are ephemeral replies (flag 64), and no thread is made.
 */
describe('discord: private answers to /mailhelp', function () {
  let h: Harness;
  before(async () => {
    const limits = new DiagnosisLimits({ user: { limit: 1, windowMs: 600_000 }, workspace: { limit: 100, windowMs: 600_000 }, maxConcurrent: 2, maxConnections: 8 });
    h = await startHarness({ limits });
  });
  after(() => h?.close());

  async function onlyPrivate(target: string, pattern: RegExp, options: { memberPermissions?: bigint; locale?: string } = {}): Promise<void> {
    const mark = h.mark();
    const threads = h.fake.threads().length;
    h.fake.slashCommand({ target, ...options });
    await h.message(has(pattern), { since: mark });
    await h.bot.runner.settled();
    const lines = discordTranscript(h.fake).slice(mark);
    assert.ok(lines.length > 0 && lines.every((l) => !l.public), `${target}: ${JSON.stringify(lines)}`);
    assert.equal(h.fake.threads().length, threads, 'no thread');
  }

  it('/mailhelp help', () => onlyPrivate('help', /finds out why a mail app can't connect/u));

  it('/mailhelp lang de, answered in German', () => onlyPrivate('lang de', /ab jetzt spreche ich Deutsch/u));

  it('a channel command the member may not run', () => onlyPrivate('watch imap.acme.com:993', /admin/iu, { memberPermissions: 0n }));

  it('a limit that holds, said when /mailhelp is typed', async () => {
    const mark = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993', locale: 'en-US' });
    await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since: mark });
    await h.bot.runner.settled();
    await onlyPrivate('smtp.acme.com:587', /1 Prüfung gestartet|1 check in the last/u);
  });
});
