import type { types } from '@slack/bolt';
import type { RenderedChoice } from '../../../src/conversation/runner/conversation-output';
import { REPORT_ACTIONS_BLOCK } from '../action-ids';
import type { DetailsSection, DocumentAppSteps, DocumentCheck, DocumentField, DocumentSection, FindingSection, ReportDocument, VerdictKind } from '../../../src/report-document/report-document';
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
 * The report document as Block Kit: the cause as the header (or the verdict when nothing is
 * wrong), then per finding what it means, the fix, the verified fix set apart as a quote, and
 * one grey line of what the bot saw; where the checks ran from, then the buttons. The settings
 * and the checks are not here: the progress message listed them, "Show details" shows them.
 * Sections are added whole while the 50-block budget lasts; the rest are counted in one line,
 * so even a report with dozens of findings is a message Slack accepts.
 */
export function reportMessage(document: ReportDocument, actions: readonly RenderedChoice[], words: ReportWords): SlackMessage {
  const lead = document.sections.find((s): s is FindingSection => s.kind === 'finding' && s.lead === true);
  const heading = lead ? `${SEVERITY_ICON[lead.severity]} ${lead.title}` : `${VERDICT_ICON[document.verdict.kind]} ${document.verdict.headline}`;
  // What the lead affects goes with the title ("Mail check for a***@acme.com · Incoming"), so its fix follows its cause.
  const head: KnownBlock[] = [{ type: 'header', text: plain(heading, BLOCK_LIMITS.header) }, context(mrkdwn([document.title, ...(lead ? fieldValues(lead) : [])].join(' · ')))];
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

/**
 * What "Show details" shows the user alone: the settings checked and every check with what it
 * saw. Checks are split over sections of at most 3,000 characters, whole lines each.
 */
export function detailsMessage(document: ReportDocument): SlackMessage {
  const title = document.detailsTitle;
  const blocks: KnownBlock[] = [section(rawMrkdwn(`*${escapeMrkdwn(title)}* · ${escapeMrkdwn(document.title)}`))];
  for (const part of document.details) blocks.push(...detailsBlocks(part));
  return { text: clip(`${title} — ${document.title}`, BLOCK_LIMITS.messageText), blocks: blocks.slice(0, BLOCK_LIMITS.messageBlocks) };
}

function sectionBlocks(part: DocumentSection): KnownBlock[] {
  switch (part.kind) {
    case 'finding':
      return findingBlocks(part);
    case 'note':
      return [{ type: 'divider' }, section(rawMrkdwn(`*${escapeMrkdwn(part.title)}*\n${escapeMrkdwn(part.text)}`))];
  }
}

function detailsBlocks(part: DetailsSection): KnownBlock[] {
  switch (part.kind) {
    case 'fields':
      return [{ type: 'divider' }, withFields(section(rawMrkdwn(`*${escapeMrkdwn(part.title)}*`)), part.fields)];
    case 'checks':
      return [{ type: 'divider' }, ...linesInSections(`*${escapeMrkdwn(part.title)}*`, part.checks.map(detailLine))];
  }
}

/**
 * Cause (the lead's title is the header) with what it affects and what it means, the fix with
 * the steps in the user's app, the verified fix as a quote of its own, one grey line of evidence.
 */
function findingBlocks(finding: FindingSection): KnownBlock[] {
  const heading = finding.lead ? [] : [[`${SEVERITY_ICON[finding.severity]} *${escapeMrkdwn(finding.title)}*`, `_${escapeMrkdwn(finding.severityLabel)}_`, ...fieldValues(finding).map(escapeMrkdwn)].join(' · ')];
  const cause = [...heading, ...(finding.explanation ? [escapeMrkdwn(finding.explanation)] : [])].join('\n');
  const blocks: KnownBlock[] = finding.lead ? [] : [{ type: 'divider' }];
  if (cause) blocks.push(section(rawMrkdwn(cause)));
  if (finding.fix) {
    const steps = finding.fix.steps.map((step, i) => `${i + 1}. ${escapeMrkdwn(step)}`);
    const summary = finding.fix.summary ? ` ${escapeMrkdwn(finding.fix.summary)}` : '';
    blocks.push(section(rawMrkdwn([`*${escapeMrkdwn(finding.fix.title)}:*${summary}`, ...steps].join('\n'))));
  }
  if (finding.appSteps) blocks.push(...appStepsBlocks(finding.appSteps));
  if (finding.verifiedFix) blocks.push(section(rawMrkdwn(quote(`✅ *${escapeMrkdwn(finding.verifiedFix.title)}* — ${escapeMrkdwn(finding.verifiedFix.text)}`))));
  if (finding.evidence) blocks.push(context(mrkdwn(`🔎 ${finding.evidence}`)));
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

/** A check with what it saw, for the details. */
function detailLine(check: DocumentCheck): string {
  return check.detail ? `${checkLine(check)} — ${escapeMrkdwn(check.detail)}` : checkLine(check);
}

/** A title, then whole lines over as many sections as 3,000 characters each need. */
function linesInSections(title: string, lines: readonly string[]): KnownBlock[] {
  const texts: string[] = [title];
  for (const line of lines) {
    const last = texts.length - 1;
    if (texts[last]!.length + line.length + 1 <= BLOCK_LIMITS.sectionText) texts[last] = `${texts[last]}\n${line}`;
    else texts.push(line);
  }
  return texts.map((text) => section(rawMrkdwn(text)));
}

/** A block quote; every line needs its own `>`. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** "Incoming": a finding's fields (what it affects) said by their values, beside its title. */
function fieldValues(finding: FindingSection): string[] {
  return finding.fields.map((f) => f.value);
}

function fieldTexts(fields: readonly DocumentField[]): types.MrkdwnElement[] {
  return fields.slice(0, BLOCK_LIMITS.sectionFields).map((f) => rawMrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, BLOCK_LIMITS.fieldText));
}

function withFields(block: types.SectionBlock, fields: readonly DocumentField[]): types.SectionBlock {
  return fields.length === 0 ? block : { ...block, fields: fieldTexts(fields) };
}
