import assert from 'node:assert/strict';
import type { Report } from '../../src/diagnosis/report';
import { CERT_EXPIRED, report, STARTTLS_ON_993 } from '../conversation/support/fixtures';
import { CERT_SETTINGS, oneCheckPerUser, scriptedReports, STARTTLS_SETTINGS } from '../conversation/support/report-situations';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { type Harness, startHarness, textOf } from './support/bot-harness';
import type { Json } from './support/fake-objects';
import { userObject } from './support/fake-objects';
import { snowflake } from './support/snowflakes';

const EPHEMERAL = 64;
const PRIMARY = 1;

/**
 * The report through the real discord.js against the fake Discord: the cause's embed first with
 * its fix, the verified fix in a green embed of its own, the evidence as small print; settings
 * and checks only as an ephemeral reply to "Show details"; the primary button by situation.
 */
describe('discord: the report, its order and its primary button', function () {
  this.timeout(20_000);
  let h: Harness;
  const engine = scriptedReports();
  const limits = oneCheckPerUser();

  before(async () => {
    h = await startHarness({ diagnose: engine.diagnose, limits });
  });
  afterEach(() => {
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
  after(() => h.close());

  /** A server-only check by a new user; the message carrying the report's buttons. */
  async function reportFor(shown: Report, locale?: string): Promise<{ message: Json; user: Json }> {
    engine.show(shown);
    const user = userObject(snowflake(), 'someone');
    const since = h.mark();
    h.fake.slashCommand({ target: 'imap.acme.com:993 ssl', user, ...(locale ? { locale } : {}) });
    const message = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0 && buttonsOf(m).some((b) => b.custom_id.endsWith(':c:details')), { since });
    return { message, user };
  }

  function buttonsOf(message: Json): { custom_id: string; label: string; style: number }[] {
    return ((message.components as Json[] | undefined) ?? []).flatMap((row) => (row.components as { custom_id: string; label: string; style: number }[] | undefined) ?? []);
  }
  const primary = (message: Json): string[] => buttonsOf(h.fake.message(message.id as string)).filter((b) => b.style === PRIMARY).map((b) => b.label);

  it('STARTTLS on 993: cause embed with the fix, then the green verified fix with the evidence; "I\'ve changed it — check again" is primary', async () => {
    const { message, user } = await reportFor(report([STARTTLS_ON_993], STARTTLS_SETTINGS));
    const embeds = message.embeds as Json[];
    assert.equal(embeds[0]?.title, '✗ STARTTLS chosen on an SSL/TLS port');
    assert.match(String(embeds[0]?.description), /expects encryption to start at once/u);
    assert.equal((embeds[0]?.author as Json | undefined)?.name, 'Server check for imap.acme.com:993 · Incoming');
    assert.deepEqual(((embeds[0]?.fields as Json[]) ?? []).map((f) => f.name), ['How to fix it']);
    assert.equal(embeds[1]?.title, '✅ Verified fix');
    assert.equal(embeds[1]?.description, 'Security: STARTTLS → SSL/TLS · Port 993 (unchanged)');
    assert.match(String((embeds[1]?.footer as Json | undefined)?.text), /^🔎 port 993 speaks TLS at once\n/u);
    assert.doesNotMatch(textOf(message), /Settings checked|DNS lookup/u, 'settings and checks wait behind "Show details"');
    assert.deepEqual(primary(message), ["I've changed it — check again"]);
    assert.deepEqual(
      buttonsOf(message).map((b) => b.label),
      ["I've changed it — check again", 'Check another account', 'Send to help desk', 'Show details', 'Close check'],
    );

    // "Show details": an ephemeral reply to the click, for this user alone.
    const since = h.mark();
    h.press(message, /Show details/u, user);
    const details = await h.message((m) => /Settings checked/u.test(textOf(m)), { since });
    assert.equal(details.flags, EPHEMERAL);
    assert.match(textOf(details), /IMAP imap\.acme\.com, port 993, STARTTLS/u);
    assert.match(textOf(details), /✓ Incoming · DNS lookup — passed/u);
    await h.bot.runner.settled();
  });

  it('an expired certificate, in German: "An den Helpdesk senden" is primary', async () => {
    const { message } = await reportFor(report([CERT_EXPIRED], CERT_SETTINGS), 'de');
    assert.equal((message.embeds as Json[])[0]?.title, '✗ Das Zertifikat des Servers ist abgelaufen');
    assert.deepEqual(primary(message), ['An den Helpdesk senden']);
    assert.ok(buttonsOf(message).some((b) => b.label === 'Prüfung schließen'));
    await h.bot.runner.settled();
  });

  it('while a limit holds no button is primary', async () => {
    const { message, user } = await reportFor(report([STARTTLS_ON_993], STARTTLS_SETTINGS));
    await h.bot.runner.settled();
    const since = h.mark();
    h.press(message, /check again/u, user);
    const question = await h.message((m) => buttonsOf(m).some((b) => b.custom_id.endsWith(':c:done')) && m.id !== message.id, { since });
    assert.equal(((question.embeds as unknown[] | undefined) ?? []).length, 0, 'refused: a question, not a second report');
    assert.ok(buttonsOf(question).some((b) => b.custom_id.endsWith(':c:again')));
    assert.deepEqual(primary(question), []);
    await h.bot.runner.settled();
  });
});
