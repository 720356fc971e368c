import type { APIEmbed } from 'discord.js';
import type { ReportDocument } from '../../../src/report-document/report-document';
import { type ButtonRow, linkRow } from './buttons';
import { clip, escaped } from './message-text';
import { EMBED_LIMITS } from './report-embeds';

export interface EscalationWords {
  /** "<@123> asks the help desk to look at this mail check." (the mention does not ping). */
  header: string;
  findings: string;
  openThread: string;
  /** "App: Thunderbird", when the user named their mail app (the help desk then knows where the steps apply). */
  app?: (name: string) => string;
}

/** Findings named in the summary; the whole report stays in the user's thread. */
const MAX_LISTED_FINDINGS = 10;

/**
 * What the help-desk channel gets: who asked, the verdict, the findings by title and a link to
 * the conversation, as Slack's summary does; not a copy of the whole report. Built from the
 * report document, which never holds a password.
 */
export function escalationMessage(doc: ReportDocument, words: EscalationWords, link: string | undefined): { content: string; embeds: APIEmbed[]; components: ButtonRow[] } {
  const titles = doc.sections.flatMap((s) => (s.kind === 'finding' ? [`• ${escaped(s.title, 200)} (${escaped(s.severityLabel, 40)})`] : []));
  const embed: APIEmbed = {
    title: clip(doc.title, EMBED_LIMITS.title),
    description: clip([`**${escaped(doc.verdict.headline, 1000)}**`, ...(doc.app && words.app ? [escaped(words.app(doc.app), 200)] : [])].join('\n'), EMBED_LIMITS.description),
    footer: { text: clip(doc.footer, EMBED_LIMITS.footer) },
  };
  if (link) embed.url = link;
  if (titles.length > 0) embed.fields = [{ name: clip(words.findings, EMBED_LIMITS.fieldName), value: clip(titles.slice(0, MAX_LISTED_FINDINGS).join('\n'), EMBED_LIMITS.fieldValue), inline: false }];
  return { content: words.header, embeds: [embed], components: link ? [linkRow(link, words.openThread)] : [] };
}
