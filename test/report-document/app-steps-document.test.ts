import assert from 'node:assert/strict';
import { detailsEmbeds, reportEmbeds } from '../../adapters/discord/render/report-embeds';
import { escalationMessage } from '../../adapters/slack/blocks/escalation-blocks';
import { reportMessage } from '../../adapters/slack/blocks/report-blocks';
import { APP_IDS } from '../../src/app-steps/apps';
import type { Finding, Report } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { renderDocumentText } from '../../src/report-document/render-text';
import { assertDiscordLimits, assertSlackLimits } from './support/platform-limits';

const settings: Report['settings'] = {
  email: 'alice@acme.test',
  incoming: { protocol: 'imap', host: 'imap.acme.test', port: 993, security: 'starttls' },
  outgoing: { protocol: 'smtp', host: 'smtp.acme.test', port: 25, security: 'none' },
};
const f = (cause: Finding['cause'], target: Finding['target'], fix?: NonNullable<Finding['fix']>['settings']): Finding => ({
  cause,
  severity: 'error',
  target,
  evidence: 'x'.repeat(900),
  fix: { summary: 'y'.repeat(900), steps: ['z'.repeat(480), 'z'.repeat(480)], ...(fix ? { settings: fix } : {}) },
  facts: {},
});
/** The most app steps a report can carry: host, port and security changes on both sides, old-app notes, auth. */
const WORST: Report = {
  verdict: 'problem',
  settings,
  findings: [
    f('tls.starttls_on_implicit_port', 'incoming', { host: 'mail.acme.test', port: 995, security: 'tls' }),
    f('tls.protocol_version', 'outgoing', { host: 'relay.acme.test', port: 465, security: 'tls' }),
    f('auth.basic_auth_disabled', 'outgoing'),
    f('auth.app_password_required', 'incoming'),
    f('auth.plaintext_disabled', 'outgoing'),
    f('smtp.port25_blocked', 'outgoing', { port: 587, security: 'starttls' }),
  ],
  checks: [],
  vantage: { host: 'bot', description: 'from the bot' },
  durationMs: 1000,
};

describe('report document: the app steps under the fix, within Slack and Discord limits', function () {
  this.timeout(60_000);
  for (const language of LANGUAGES) {
    it(`${language}: every app, the worst report, fits Block Kit and embeds, steps after the generic fix`, () => {
      const t = translator(language);
      for (const app of APP_IDS) {
        const doc = buildReportDocument(WORST, t, { language, app });
        const sections = doc.sections.filter((s) => s.kind === 'finding');
        assert.ok(sections.some((s) => s.appSteps && s.appSteps.steps.length > 0), `${app}: no app steps`);
        for (const s of sections) if (s.appSteps) assert.ok(s.fix, 'the generic fix is kept');
        assertSlackLimits(reportMessage(doc, [], { moreSections: () => 'more' }).blocks, `${language}/${app} slack`);
        assertDiscordLimits(reportEmbeds(doc), `${language}/${app} discord`);
        const text = renderDocumentText(doc);
        const first = sections.find((s) => s.appSteps)!;
        assert.ok(text.indexOf(first.appSteps!.title) > text.indexOf(first.fix!.summary.slice(0, 40)), 'app steps come after the fix');
      }
    });
  }

  it('Slack and Discord show the steps, the snippets as code, and the app in the settings and the help-desk post', () => {
    const doc = buildReportDocument(WORST, translator('en'), { language: 'en', app: 'sending_device' });
    const slack = JSON.stringify(reportMessage(doc, [], { moreSections: () => 'more' }).blocks);
    assert.match(slack, /For a device or program that sends mail \(printer, scanner, website or script\):/u);
    assert.match(slack, /```const transporter = nodemailer\.createTransport/u);
    const discord = JSON.stringify(reportEmbeds(doc));
    assert.match(discord, /SMTP_SSL/u);
    assert.match(JSON.stringify(detailsEmbeds(doc)), /"name":"App","value":"A device or program that sends mail"/u);
    const escalation = JSON.stringify(escalationMessage(doc, { heading: 'Help', findings: 'Findings', openThread: 'Open', app: (name) => `App: ${name}` }, undefined).blocks);
    assert.match(escalation, /App: A device or program that sends mail/u);
  });

  it('without an app the report is as before: no app steps, no app field', () => {
    const doc = buildReportDocument(WORST, translator('en'), { language: 'en' });
    assert.equal(doc.app, undefined);
    assert.ok(doc.sections.every((s) => s.kind !== 'finding' || s.appSteps === undefined));
  });
});
