import assert from 'node:assert/strict';
import type { REST } from 'discord.js';
import { TriageChannel } from '../../adapters/discord/triage-channel';
import { escalationMessage } from '../../adapters/slack/blocks/escalation-blocks';
import type { Report } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { SETTINGS } from './support';

const REPORT: Report = {
  verdict: 'problem',
  settings: SETTINGS,
  findings: [{ cause: 'tls.starttls_on_implicit_port', severity: 'error', target: 'incoming', evidence: 'seen', fix: { summary: 'Use SSL/TLS on 993', steps: [], settings: { port: 993, security: 'tls' } }, facts: {} }],
  checks: [],
  vantage: { host: 'bot', description: 'from the bot' },
  durationMs: 1000,
};

/** Discord's REST, as far as the triage channel uses it: the posted body is kept to read. */
function recordingRest(): { rest: REST; bodies: unknown[] } {
  const bodies: unknown[] = [];
  const rest = { post: (_route: string, options: { body: unknown }) => Promise.resolve(bodies.push(options.body)) } as unknown as REST;
  return { rest, bodies };
}

describe('app steps: the help-desk escalation names the app (issue 19.4)', () => {
  for (const language of LANGUAGES) {
    it(`${language}: Discord's triage post and Slack's help-desk summary carry the app name the user chose`, async () => {
      const t = translator(language);
      const doc = buildReportDocument(REPORT, t, { language, app: 'iphone_mail' });
      const expected = t('apps:escalation_app', { app: t('apps:app.iphone_mail') });
      assert.doesNotMatch(expected, /\{\{|apps:/u);

      const { rest, bodies } = recordingRest();
      await new TriageChannel(rest, '123').post(doc, { id: '42' }, t, 'https://discord.com/channels/1/2');
      assert.equal(bodies.length, 1);
      assert.ok(JSON.stringify(bodies[0]).includes(JSON.stringify(expected).slice(1, -1)), `discord: ${JSON.stringify(bodies[0])}`);

      const slack = escalationMessage(doc, { heading: 'h', findings: 'f', openThread: 'o', app: (app) => t('apps:escalation_app', { app }) }, undefined);
      assert.ok(JSON.stringify(slack.blocks).includes(JSON.stringify(expected).slice(1, -1)), 'slack');
    });
  }

  it('without an app neither summary has an app line', async () => {
    const t = translator('en');
    const doc = buildReportDocument(REPORT, t, { language: 'en' });
    const { rest, bodies } = recordingRest();
    await new TriageChannel(rest, '123').post(doc, { id: '42' }, t);
    assert.doesNotMatch(JSON.stringify(bodies[0]), /App: /u);
  });
});
