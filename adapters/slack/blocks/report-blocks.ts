import type { types } from '@slack/bolt';
import type { RenderedChoice } from '../../../src/conversation/runner/conversation-output';
import { REPORT_ACTIONS_BLOCK } from '../action-ids';
import type { DocumentAppSteps, DocumentField, DocumentSection, FindingSection, ReportDocument, VerdictKind } from '../../../src/report-document/report-document';
import { BLOCK_LIMITS, clip, context, escapeMrkdwn, type KnownBlock, mrkdwn, plain, rawMrkdwn, section } from './block-kit';
import { choicesBlock, type SlackMessage } from './message-blocks';
import { checkLine } from './progress-blocks';

const VERDICT_ICON: Readonly<Record<VerdictKind, string>> = { ok: '✅', warning: '⚠️', problem: '❌', client_side: '🔎' };
const SEVERITY_ICON: Readonly<Record<FindingSection['severity'], string>> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

export interface ReportWords {
  /** "3 more parts of the report don't fit…", for sections cut by the 50-block limit. */
  moreSections(count: number): string;
}

/**
 * The report document as Block Kit: verdict header, one group of blocks per section (finding
 * with evidence and fix, settings, checks, notes), where the checks ran from, then the buttons.
 * Sections are added whole while the 50-block budget lasts; the rest are counted in one line,
 * so even a report with dozens of findings is a message Slack accepts.
 */
export function reportMessage(document: ReportDocument, actions: readonly RenderedChoice[], words: ReportWords): SlackMessage {
  const head: KnownBlock[] = [
    { type: 'header', text: plain(`${VERDICT_ICON[document.verdict.kind]} ${document.verdict.headline}`, BLOCK_LIMITS.header) },
    context(mrkdwn(document.title)),
  ];
  const tail: KnownBlock[] = [context(mrkdwn(document.footer))];
  if (actions.length > 0) tail.push(choicesBlock(actions, REPORT_ACTIONS_BLOCK));
  // One block is kept back for the "more sections" line.
  const budget = BLOCK_LIMITS.messageBlocks - head.length - tail.length - 1;
  const body: KnownBlock[] = [];
  let left = document.sections.length;
  for (const part of document.sections) {
    const blocks = sectionBlocks(part);
    if (body.length + blocks.length > budget) break;
    body.push(...blocks);
    left -= 1;
  }
  if (left > 0) body.push(context(mrkdwn(words.moreSections(left))));
  return { text: clip(`${document.verdict.headline} — ${document.title}`, BLOCK_LIMITS.messageText), blocks: [...head, ...body, ...tail] };
}

function sectionBlocks(part: DocumentSection): KnownBlock[] {
  switch (part.kind) {
    case 'finding':
      return findingBlocks(part);
    case 'fields':
      return [{ type: 'divider' }, withFields(section(rawMrkdwn(`*${escapeMrkdwn(part.title)}*`)), part.fields)];
    case 'checks':
      return [{ type: 'divider' }, section(rawMrkdwn(`*${escapeMrkdwn(part.title)}*\n${part.checks.map(checkLine).join('\n')}`))];
    case 'note':
      return [section(rawMrkdwn(`*${escapeMrkdwn(part.title)}*\n${escapeMrkdwn(part.text)}`))];
  }
}

/** Title and severity, what it means, what the bot saw (quoted), the affected side, the fix. */
function findingBlocks(finding: FindingSection): KnownBlock[] {
  const heading = `${SEVERITY_ICON[finding.severity]} *${escapeMrkdwn(finding.title)}* · _${escapeMrkdwn(finding.severityLabel)}_`;
  const explanation = finding.explanation ? `\n${escapeMrkdwn(finding.explanation)}` : '';
  const evidence = finding.evidence ? `\n${quote(finding.evidence)}` : '';
  const blocks: KnownBlock[] = [{ type: 'divider' }, withFields(section(rawMrkdwn(`${heading}${explanation}${evidence}`)), finding.fields)];
  if (finding.fix) {
    const steps = finding.fix.steps.map((step, i) => `${i + 1}. ${escapeMrkdwn(step)}`);
    const summary = finding.fix.summary ? ` ${escapeMrkdwn(finding.fix.summary)}` : '';
    blocks.push(section(rawMrkdwn([`*${escapeMrkdwn(finding.fix.title)}:*${summary}`, ...steps].join('\n'))));
  }
  if (finding.appSteps) blocks.push(...appStepsBlocks(finding.appSteps));
  return blocks;
}

/** The fix in the user's own app, under the generic fix: numbered steps, notes, then the code snippets. */
function appStepsBlocks(app: DocumentAppSteps): KnownBlock[] {
  const steps = app.steps.map((step, i) => `${i + 1}. ${escapeMrkdwn(step)}`);
  const blocks: KnownBlock[] = [section(rawMrkdwn([`*${escapeMrkdwn(app.title)}*`, ...steps, ...app.notes.map(escapeMrkdwn)].join('\n')))];
  if (app.snippets.length > 0) blocks.push(section(rawMrkdwn(app.snippets.map((s) => `_${escapeMrkdwn(s.library)}_\n\`\`\`${escapeMrkdwn(s.code)}\`\`\``).join('\n'))));
  if (app.sources.length > 0) blocks.push(context(mrkdwn(app.sources.join('\n'))));
  return blocks;
}

/** Evidence as a block quote; every line needs its own `>`. */
function quote(text: string): string {
  return escapeMrkdwn(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

function withFields(block: types.SectionBlock, fields: readonly DocumentField[]): types.SectionBlock {
  if (fields.length === 0) return block;
  return {
    ...block,
    fields: fields.slice(0, BLOCK_LIMITS.sectionFields).map((f) => rawMrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, BLOCK_LIMITS.fieldText)),
  };
}
