import assert from 'node:assert/strict';
import type { Choice } from '../../src/conversation/effects';
import { reportSituation } from '../../src/conversation/report-actions';
import { renderChoice } from '../../src/conversation/runner/render-effects';
import type { Finding } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { Driver, find, lastAsk } from './support/driver';
import { CERT_EXPIRED, report, STARTTLS_ON_993 } from './support/fixtures';
import { reach } from './support/reach';

const LOGIN_TIMEOUT: Finding = { cause: 'auth.login_timeout', severity: 'error', target: 'incoming', evidence: 'no answer to LOGIN in 10 s', facts: {} };

/** The buttons under the report a finished run shows, as [id, style] pairs. */
function reportButtons(findings: Finding[], driver = new Driver()): Choice[] {
  const d = reach('running', driver);
  const effects = d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report(findings) });
  const shown = find(effects, 'report');
  assert.ok(shown, 'a report was shown');
  return shown.actions;
}

const primary = (choices: readonly Choice[]): string[] => choices.filter((c) => c.style === 'primary').map((c) => c.id);

describe('conversation: the report\'s primary button, by situation', () => {
  it('a fix the user makes (STARTTLS on 993): "I\'ve changed it — check again" is the one primary', () => {
    const actions = reportButtons([STARTTLS_ON_993]);
    assert.deepEqual(actions.map((c) => c.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    assert.deepEqual(primary(actions), ['again']);
    assert.equal(renderChoice(translator('en'), actions[0]!).label, "I've changed it — check again");
  });

  it('a fault on the server (an expired certificate): "Send to help desk" is primary, checking again is not', () => {
    const actions = reportButtons([CERT_EXPIRED]);
    assert.deepEqual(primary(actions), ['helpdesk']);
    assert.equal(renderChoice(translator('en'), actions.find((c) => c.id === 'again')!).label, 'Check again');
  });

  it('a server fault without a help desk to send to: no primary button, rather than a wrong one', () => {
    const actions = reportButtons([CERT_EXPIRED], new Driver({ helpDesk: false, privateForms: true }));
    assert.deepEqual(actions.map((c) => c.id), ['again', 'another', 'details', 'done']);
    assert.deepEqual(primary(actions), []);
  });

  it('neither side clearly (the server did not answer the sign-in in time): "Check again" is primary', () => {
    assert.deepEqual(primary(reportButtons([LOGIN_TIMEOUT])), ['again']);
  });

  it('a sign-in the bot made with OAuth, nothing wrong otherwise: switching the app is the user\'s fix', () => {
    const works: Finding = { cause: 'oauth.works', severity: 'info', target: 'incoming', evidence: 'signed in with OAuth', facts: { provider: 'Microsoft' } };
    assert.equal(reportSituation({ report: report([works]), clientFindings: [] }), 'user_fix');
    assert.equal(reportSituation({ report: report([]), clientFindings: [] }), 'other');
    assert.equal(reportSituation({ report: report([CERT_EXPIRED]), clientFindings: [], limited: true }), 'limited');
  });

  it('while a limit holds ("try again in 10 minutes") nothing is primary', () => {
    const d = reach('report');
    d.pick('again');
    assert.equal(d.step, 'running');
    const refused = d.send({ type: 'diagnosis_refused', runId: d.requestId });
    const choices = lastAsk(refused)?.choices ?? [];
    assert.ok(choices.some((c) => c.id === 'again'), 'checking again stays possible once the limit allows');
    assert.deepEqual(primary(choices), []);
  });

  it('every button says what it does, in every language ("Close check", not "Done")', () => {
    const actions = reportButtons([STARTTLS_ON_993]);
    assert.deepEqual(
      actions.map((c) => renderChoice(translator('en'), c).label),
      ["I've changed it — check again", 'Check another account', 'Send to help desk', 'Show details', 'Close check'],
    );
    for (const language of LANGUAGES) {
      const labels = actions.map((c) => renderChoice(translator(language), c).label);
      assert.equal(new Set(labels).size, labels.length, `${language}: ${labels.join(' | ')}`);
      if (language !== 'en') assert.ok(labels.every((l) => !/Done|Run again|Show details/u.test(l)), `${language}: ${labels.join(' | ')}`);
    }
  });

  it('"Show details" (button or word) shows the settings and checks and keeps the report\'s question', () => {
    const d = reach('report');
    for (const effects of [d.pick('details'), d.reply('details'), d.reply('Details anzeigen')]) {
      const details = find(effects, 'report_details');
      assert.equal(details?.report.findings[0]?.cause, 'tls.cert_expired');
      assert.equal(d.step, 'report');
      assert.equal(find(effects, 'ask'), undefined, 'no question asked again');
    }
  });
});
