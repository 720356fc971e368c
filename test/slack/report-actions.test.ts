import assert from 'node:assert/strict';
import type { Report } from '../../src/diagnosis/report';
import { CERT_EXPIRED, report, STARTTLS_ON_993 } from '../conversation/support/fixtures';
import { CERT_SETTINGS, oneCheckPerUser, scriptedReports, STARTTLS_SETTINGS } from '../conversation/support/report-situations';
import type { RecordedCall } from './support/fake-slack-api';
import { startFixtureBot } from './support/fixture-bot';
import { ALICE, allText, BOB, findButton, posted, type SlackHarness } from './support/slack-harness';

const CAROL = 'U0CAROL';

/**
 * The report through the real Bolt against the fake Web API: the cause leads, then the fix, the
 * verified fix and one line of evidence; the settings and checks only on "Show details", to
 * the user alone; the one primary button is the one the situation needs.
 */
describe('slack adapter: the report, its order and its primary button', function () {
  this.timeout(20_000);
  let h: SlackHarness;
  const engine = scriptedReports();
  const limits = oneCheckPerUser();

  before(async () => {
    h = await startFixtureBot({ diagnose: engine.diagnose, limits });
  });
  after(() => h.stop());
  beforeEach(() => h.fake.reset());

  /**
   * A server-only check by `user`; the message with the report's buttons, posted or edited into
   * place (the progress message may become the report), as the message Slack then shows.
   */
  async function reportFor(user: string, shown: Report): Promise<RecordedCall> {
    engine.show(shown);
    await h.command('imap.acme.com:993 ssl', { user });
    return await h.fake.waitForShown((c) => Array.isArray(c.args.blocks) && findButton(c.args.blocks, 'mailhelp_choice:details') !== undefined);
  }

  const buttons = (call: RecordedCall): { id: string; label: string; style?: string }[] =>
    (call.args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => ({ id: e.action_id, label: e.text.text, style: e.style })));
  const primary = (call: RecordedCall): string[] => buttons(call).filter((b) => b.style === 'primary').map((b) => b.label);

  it('STARTTLS on 993: cause, fix, verified fix, evidence in that order; "I\'ve changed it — check again" is primary', async () => {
    const call = await reportFor(ALICE, report([STARTTLS_ON_993], STARTTLS_SETTINGS));
    const blocks = call.args.blocks as any[];
    assert.equal(blocks[0].type, 'header');
    assert.equal(blocks[0].text.text, '❌ STARTTLS chosen on an SSL/TLS port');
    const at = (test: (b: any) => boolean): number => blocks.findIndex(test);
    const order = [
      at((b) => b.type === 'section' && /expects encryption to start at once/u.test(b.text?.text)),
      at((b) => b.type === 'section' && /^\*How to fix it:\*/u.test(b.text?.text)),
      at((b) => b.type === 'section' && b.text?.text === '>✅ *Verified fix* — Security: STARTTLS → SSL/TLS · Port 993 (unchanged)'),
      at((b) => b.type === 'context' && b.elements[0].text === '🔎 port 993 speaks TLS at once'),
      at((b) => b.type === 'actions'),
    ];
    assert.ok(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)), `order ${order.join(', ')}`);
    assert.doesNotMatch(allText(blocks), /Settings checked|DNS lookup/u, 'settings and checks wait behind "Show details"');
    assert.deepEqual(primary(call), ["I've changed it — check again"]);
    assert.deepEqual(
      buttons(call).map((b) => b.label),
      ["I've changed it — check again", 'Check another account', 'Send to help desk', 'Show details', 'Close check'],
    );

    // "Show details": the settings and every check, ephemeral for the user; the report stays as it was.
    await h.click(posted(call), 'mailhelp_choice:details');
    const details = await h.fake.waitFor('chat.postEphemeral', (c) => /Settings checked/u.test(allText(c.args)));
    assert.equal(details.args.user, ALICE);
    assert.equal(details.args.thread_ts, call.args.thread_ts);
    assert.match(allText(details.args.blocks), /IMAP imap\.acme\.com, port 993, STARTTLS/u);
    assert.match(allText(details.args.blocks), /Incoming · DNS lookup: passed/u);
    await h.bot.runner.settled();
    assert.equal(h.fake.callsTo('chat.postMessage').filter((c) => /Settings checked/u.test(allText(c.args))).length, 0, 'never public');
  });

  it('an expired certificate (Bob reads German): "An den Helpdesk senden" is primary, "Erneut prüfen" is not', async () => {
    const call = await reportFor(BOB, report([CERT_EXPIRED], CERT_SETTINGS));
    assert.equal((call.args.blocks as any[])[0].text.text, '❌ Das Zertifikat des Servers ist abgelaufen');
    assert.deepEqual(primary(call), ['An den Helpdesk senden']);
    assert.ok(buttons(call).some((b) => b.label === 'Erneut prüfen' && b.style === undefined));
    assert.ok(buttons(call).some((b) => b.label === 'Prüfung schließen'));
    await h.bot.runner.settled();
  });

  it('while a limit holds ("try again in 10 minutes") no button is primary', async () => {
    const call = await reportFor(CAROL, report([STARTTLS_ON_993], STARTTLS_SETTINGS));
    await h.bot.runner.settled();
    const before = h.fake.calls.length;
    await h.click(posted(call), 'mailhelp_choice:again', { user: CAROL });
    // The refusal is the user's; then "what next?" with buttons again, none inviting to press now.
    const refusal = await h.fake.waitFor('chat.postEphemeral', (c) => c.args.user === CAROL);
    assert.match(allText(refusal.args), /try again in/iu);
    const question = await h.fake.waitFor('chat.postMessage', (c) => h.fake.calls.indexOf(c) > before && Array.isArray(c.args.blocks) && findButton(c.args.blocks, 'mailhelp_choice:done') !== undefined);
    assert.ok(!(question.args.blocks as any[]).some((b) => b.type === 'header'), 'refused: a question, not a second report');
    assert.ok(buttons(question).some((b) => b.id === 'mailhelp_choice:again'));
    assert.deepEqual(primary(question), []);
    await h.bot.runner.settled();
  });
});
