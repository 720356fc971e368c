import type { ReportDocument } from '../../../src/report-document/report-document';
import { BLOCK_LIMITS, clip, context, escapeMrkdwn, type KnownBlock, mrkdwn, rawMrkdwn, section } from './block-kit';
import type { SlackMessage } from './message-blocks';

export interface EscalationWords {
  /** "Help-desk request from <@U123>" (the mention is Slack markup, not escaped). */
  heading: string;
  findings: string;
  openThread: string;
  /** "App: Thunderbird", when the user named their mail app. */
  app?: (name: string) => string;
}

/** Findings named in the help-desk summary; the full report stays in the user's thread. */
const MAX_LISTED_FINDINGS = 10;

/**
 * What the triage channel gets: who asked, the verdict, the findings by title, and a link to
 * the thread. Built from the report document only, which never holds a password.
 */
export function escalationMessage(document: ReportDocument, words: EscalationWords, threadLink: string | undefined): SlackMessage {
  const titles = document.sections.flatMap((s) => (s.kind === 'finding' ? [`• ${escapeMrkdwn(s.title)} (${escapeMrkdwn(s.severityLabel)})`] : []));
  const blocks: KnownBlock[] = [
    section(rawMrkdwn(`*${words.heading}*\n${escapeMrkdwn(document.verdict.headline)}`)),
    context(mrkdwn(document.title)),
  ];
  if (document.app && words.app) blocks.push(section(mrkdwn(words.app(document.app))));
  if (titles.length > 0) blocks.push(section(rawMrkdwn(`*${escapeMrkdwn(words.findings)}*\n${titles.slice(0, MAX_LISTED_FINDINGS).join('\n')}`)));
  if (threadLink) blocks.push(section(rawMrkdwn(`<${threadLink}|${escapeMrkdwn(words.openThread)}>`)));
  blocks.push(context(mrkdwn(document.footer)));
  return { text: clip(`${words.heading}: ${document.verdict.headline}`, BLOCK_LIMITS.messageText), blocks };
}
