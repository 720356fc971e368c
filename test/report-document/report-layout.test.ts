import assert from 'node:assert/strict';
import type { APIEmbed } from 'discord.js';
import { detailsEmbeds, reportEmbeds } from '../../adapters/discord/render/report-embeds';
import { context, type KnownBlock, mrkdwn } from '../../adapters/slack/blocks/block-kit';
import { detailsMessage, reportMessage } from '../../adapters/slack/blocks/report-blocks';
import type { RenderedChoice } from '../../src/conversation/runner/conversation-output';
import type { Finding, Report } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { FindingSection, ReportDocument } from '../../src/report-document/report-document';
import { renderDetailsText, renderDocumentText } from '../../src/report-document/render-text';
import { CERT_EXPIRED, check, report, STARTTLS_ON_993 } from '../conversation/support/fixtures';
import { assertDiscordLimits, assertSlackLimits } from './support/platform-limits';

const STARTTLS_SETTINGS: Report['settings'] = { email: 'alice@acme.com', incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' } };
const WRONG_PASSWORD: Finding = {
  cause: 'auth.invalid_credentials',
  severity: 'error',
  target: 'incoming',
  evidence: 'login as alice@acme.com rejected: "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"',
  fix: { summary: 'Check the user name and type the password again.', steps: ['Use your full email address as the user name.'] },
  facts: { user: 'alice@acme.com' },
};
const WARNING: Finding = { cause: 'tls.cert_expiring_soon', severity: 'warning', target: 'outgoing', evidence: 'expires in 5 days', facts: { days: 5 } };

const CASES: { name: string; report: Report }[] = [
  { name: 'expired certificate', report: report([CERT_EXPIRED], { email: 'alice@acme.com', incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' } }) },
  { name: 'STARTTLS on 993', report: report([STARTTLS_ON_993], STARTTLS_SETTINGS) },
  { name: 'wrong password', report: report([WRONG_PASSWORD], STARTTLS_SETTINGS) },
];
const ACTIONS: RenderedChoice[] = [
  { id: 'again', label: 'Check again' },
  { id: 'helpdesk', label: 'Send to help desk', style: 'primary' },
  { id: 'details', label: 'Show details' },
];
const WORDS = { moreSections: (count: number) => `${count} more` };

/** Asserts the parts appear in this order (each at least once, the first of each after the one before). */
function assertInOrder(positions: Record<string, number>, where: string): void {
  const entries = Object.entries(positions);
  for (const [name, at] of entries) assert.ok(at >= 0, `${where}: no ${name}`);
  for (let i = 1; i < entries.length; i++) assert.ok(entries[i]![1] > entries[i - 1]![1], `${where}: ${entries[i]![0]} before ${entries[i - 1]![0]} (${JSON.stringify(positions)})`);
}

function lead(doc: ReportDocument): FindingSection {
  const first = doc.sections[0];
  assert.ok(first?.kind === 'finding' && first.lead, 'the lead finding is first');
  return first;
}

const blockText = (block: KnownBlock): string => JSON.stringify(block);

describe('report layout: cause → fix → verified fix → evidence → details, on every surface', () => {
  for (const language of LANGUAGES) {
    const t = translator(language);
    for (const { name, report: r } of CASES) {
      const doc = buildReportDocument({ ...r, findings: [...r.findings, WARNING], checks: [...r.checks, check('login', 'fail')] }, t, { language });
      const finding = lead(doc);
      const where = `${language}, ${name}`;

      it(`${where}: Slack blocks`, () => {
        const blocks = reportMessage(doc, ACTIONS, WORDS).blocks;
        assertSlackLimits(blocks, where);
        const find = (test: (b: KnownBlock) => boolean): number => blocks.findIndex(test);
        assert.equal(blocks[0]?.type, 'header');
        assert.ok(blockText(blocks[0]!).includes(finding.title), 'the header is the cause');
        assert.ok(!blocks.slice(1).some((b) => b.type === 'section' && b.text?.text.includes(`*${finding.title}*`)), 'the cause is not repeated');
        assert.equal(blockText(blocks[1]!), JSON.stringify(context(mrkdwn(`${doc.title} · ${finding.fields[0]!.value}`))), 'what it affects goes with the title');
        assertInOrder(
          {
            cause: find((b) => b.type === 'section' && (b.text?.text.includes(finding.explanation.slice(0, 20)) ?? false)),
            fix: find((b) => b.type === 'section' && (b.text?.text.startsWith(`*${finding.fix!.title}:*`) ?? false)),
            ...(finding.verifiedFix ? { verified: find((b) => b.type === 'section' && (b.text?.text.startsWith('>✅') ?? false)) } : {}),
            evidence: find((b) => b.type === 'context' && blockText(b).includes('🔎')),
            next: find((b) => b.type === 'divider'),
            buttons: find((b) => b.type === 'actions'),
          },
          where,
        );
        const all = JSON.stringify(blocks);
        for (const part of doc.details) assert.ok(!all.includes(part.title), `${where}: "${part.title}" is behind Show details`);
        const details = detailsMessage(doc).blocks;
        assertSlackLimits(details, `${where} details`);
        for (const part of doc.details) assert.ok(JSON.stringify(details).includes(part.title), `${where}: details show ${part.title}`);
      });

      it(`${where}: Discord embeds`, () => {
        const messages = reportEmbeds(doc);
        assertDiscordLimits(messages, where);
        const embeds: APIEmbed[] = messages.flat();
        assert.ok(embeds[0]?.title?.includes(finding.title), 'the first embed is the cause');
        assert.equal(embeds[0]?.author?.name, `${doc.title} · ${finding.fields[0]!.value}`, 'what it affects goes with the title');
        const fixField = embeds[0]?.fields?.findIndex((f) => f.name === finding.fix!.title) ?? -1;
        assert.ok(fixField >= 0, 'the fix is in the cause embed');
        const evidenceAt = embeds.findIndex((e) => e.footer?.text.includes('🔎'));
        if (finding.verifiedFix) {
          assert.equal(embeds[1]?.title, `✅ ${finding.verifiedFix.title}`);
          assert.equal(embeds[1]?.description, finding.verifiedFix.text);
          assert.notEqual(embeds[1]?.color, embeds[0]?.color, 'set apart in colour');
          assert.equal(evidenceAt, 1, 'the evidence comes after the verified fix');
        } else {
          assert.equal(evidenceAt, 0);
        }
        assert.ok(embeds[evidenceAt + 1]?.title?.includes(doc.sections[1]!.title), 'then the next finding');
        const all = JSON.stringify(messages);
        for (const part of doc.details) assert.ok(!all.includes(`"title":"${part.title}"`), `${where}: "${part.title}" is behind Show details`);
        const details = detailsEmbeds(doc);
        assertDiscordLimits(details, `${where} details`);
        assert.deepEqual(details.flat().slice(1).map((e) => e.title), doc.details.map((d) => d.title));
      });

      it(`${where}: console text`, () => {
        const text = renderDocumentText(doc);
        const at = (part: string): number => text.indexOf(part);
        assertInOrder(
          {
            cause: at(finding.explanation),
            fix: at(finding.fix!.summary),
            ...(finding.verifiedFix ? { verified: at(`✅ ${t('punctuation:label', { label: finding.verifiedFix.title })} ${finding.verifiedFix.text}`) } : {}),
            evidence: at(`» ${finding.evidence}`),
            next: at(`[${doc.sections[1]!.kind === 'finding' ? (doc.sections[1] as FindingSection).severityLabel : ''}]`),
          },
          where,
        );
        assert.equal(text.split(finding.title).length, 2, 'the cause is named once (in the headline)');
        for (const part of doc.details) assert.ok(!text.includes(part.title), `${where}: "${part.title}" printed only on request`);
        const details = renderDetailsText(doc);
        for (const part of doc.details) assert.ok(details.includes(part.title));
      });
    }
  }

  it('the German verified fix reads in German', () => {
    const doc = buildReportDocument(report([STARTTLS_ON_993], STARTTLS_SETTINGS), translator('de'), { language: 'de' });
    assert.equal(lead(doc).verifiedFix?.text, 'Sicherheit: STARTTLS → SSL/TLS · Port 993 (unverändert)');
    assert.match(JSON.stringify(reportMessage(doc, [], WORDS).blocks), />✅ \*Geprüfte Lösung\* — Sicherheit: STARTTLS → SSL\/TLS · Port 993 \(unverändert\)/u);
  });
});
