import assert from 'node:assert/strict';
import { reportEmbeds } from '../../adapters/discord/render/report-embeds';
import { reportMessage } from '../../adapters/slack/blocks/report-blocks';
import { reportAsksForApp } from '../../src/app-steps/app-steps-message';
import { appStepsFor } from '../../src/app-steps/app-steps-text';
import { APP_IDS, type AppId } from '../../src/app-steps/apps';
import { LEGACY_CAUSES, LEGACY_SOURCES } from '../../src/app-steps/legacy';
import { renderAppSteps } from '../../src/app-steps/render-app-steps';
import type { Finding, Report } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { SETTINGS } from './support';

const legacyFinding = (cause: Finding['cause'], target: Finding['target'] = 'outgoing'): Finding => ({ cause, severity: 'error', target, evidence: 'seen', fix: { summary: 'generic fix', steps: [] }, facts: {} });

/**
 * Issue 19.3, per app: who can no longer connect (or that nothing old is affected), and what to
 * do instead. Read in the English notes, so a note that loses either half fails here.
 */
const WHO_AND_INSTEAD: Record<AppId, [who: RegExp, instead: RegExp]> = {
  outlook_classic: [/Outlook 2010 and older.*Outlook 2013/su, /Update to a supported Outlook.*Outlook on the web/su],
  outlook_new: [/uses TLS 1\.2 and signs in the modern way/u, /app password/u],
  outlook_mac: [/Outlook for Mac 2016 and 2019/u, /update to the current Outlook for Mac/u],
  apple_mail: [/macOS versions that no longer get updates/u, /update macOS.*Internet Accounts/su],
  iphone_mail: [/Older iOS versions/u, /update iOS.*provider's app/su],
  thunderbird: [/Thunderbird before 78/u, /update to a current Thunderbird/u],
  gmail_app: [/Update the Gmail app/u, /provider's page, not with a password/u],
  samsung_email: [/phones that no longer get updates/u, /an app that signs in with the provider's page/u],
  outlook_mobile: [/signs in the modern way/u, /keep it updated/u],
  em_client: [/Older eM Client versions/u, /update to eM Client 9 or later/u],
  sending_device: [/older multifunction printers and scanners speak only TLS 1\.0\/1\.1.*PHP before 7\.2/su, /firmware update.*SMTP relay.*app password/su],
};

describe('app steps: old apps and devices that can no longer connect (issue 19.3)', () => {
  for (const cause of LEGACY_CAUSES) {
    it(`${cause}: every app says which versions or devices cannot connect and what to do instead, in every language, with the provider's source`, () => {
      for (const app of APP_IDS) {
        const steps = appStepsFor(app, legacyFinding(cause), SETTINGS);
        assert.ok(steps, `${app}: no steps for ${cause}`);
        assert.ok(steps.sources.includes(LEGACY_SOURCES[app]), `${app}: the legacy source is cited`);
        assert.match(LEGACY_SOURCES[app], /^https:\/\/[\w.-]+\//u);
        const english = renderAppSteps(translator('en'), steps).notes.join('\n');
        const [who, instead] = WHO_AND_INSTEAD[app];
        assert.match(english, who, `${app} (${cause}): who can no longer connect`);
        assert.match(english, instead, `${app} (${cause}): what to do instead`);
        for (const language of LANGUAGES) {
          const legacy = translator(language)(`apps:legacy.${app}`);
          const notes = renderAppSteps(translator(language), steps).notes;
          assert.ok(notes.includes(legacy), `${language} ${app}: the legacy note is shown`);
          assert.doesNotMatch(legacy, /apps:|\{\{/u, `${language} ${app}`);
        }
      }
    });
  }

  it('a report whose only problem is one old apps cannot follow still asks which app (the answer brings the note)', () => {
    const report = (finding: Finding): Report => ({ verdict: 'problem', settings: SETTINGS, findings: [finding], checks: [], vantage: { host: 'bot', description: '' }, durationMs: 1 });
    for (const cause of LEGACY_CAUSES) assert.equal(reportAsksForApp(report(legacyFinding(cause))), true, cause);
    assert.equal(reportAsksForApp(report({ ...legacyFinding('tls.cert_expired'), target: 'incoming' })), false, 'a server-side cause asks nothing');
  });

  it('the report document carries the device note under the generic fix, in Slack and Discord alike', () => {
    const report: Report = { verdict: 'problem', settings: SETTINGS, findings: [legacyFinding('tls.protocol_version')], checks: [], vantage: { host: 'bot', description: '' }, durationMs: 1 };
    const doc = buildReportDocument(report, translator('en'), { language: 'en', app: 'sending_device' });
    const section = doc.sections.find((s) => s.kind === 'finding');
    assert.ok(section && section.kind === 'finding' && section.fix, 'the generic fix stays');
    assert.match(section.appSteps?.notes.join('\n') ?? '', /TLS 1\.0\/1\.1.*SMTP relay/su);
    assert.match(JSON.stringify(reportMessage(doc, [], { moreSections: () => 'more' }).blocks), /SMTP relay/u);
    assert.match(JSON.stringify(reportEmbeds(doc)), /SMTP relay/u);
  });
});
