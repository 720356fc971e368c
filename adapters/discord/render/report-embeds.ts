import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { DetailsSection, DocumentAppSteps, DocumentCheck, DocumentSection, FindingSection, ReportDocument, VerdictKind } from '../../../src/report-document/report-document';
import type { Severity } from '../../../src/diagnosis/report';
import { checkLine } from './progress';
import { clip, escaped } from './message-text';

/** Discord's embed limits (per embed, and for all embeds of one message together). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedsPerMessage: 10,
  charactersPerMessage: 6000,
} as const;

const VERDICT_COLOR: Readonly<Record<VerdictKind, number>> = { ok: 0x2e7d32, warning: 0xf9a825, problem: 0xc62828, client_side: 0x1565c0 };
const VERDICT_MARK: Readonly<Record<VerdictKind, string>> = { ok: '✓', warning: '!', problem: '✗', client_side: '→' };
const SEVERITY_COLOR: Readonly<Record<Severity, number>> = { error: 0xc62828, warning: 0xf9a825, info: 0x546e7a };
const SEVERITY_MARK: Readonly<Record<Severity, string>> = { error: '✗', warning: '!', info: 'i' };

const VERIFIED_COLOR = 0x2e7d32;

/**
 * The report as embeds: the lead cause's embed first (or the verdict when nothing is wrong),
 * each finding with what it means and its fix, its verified fix in a green embed of its own,
 * then what the bot saw as small print. The settings and checks are details (detailsEmbeds).
 * Split over as many messages as Discord's limits need (10 embeds and 6,000 characters per
 * message); each text is cut to its field's limit.
 */
export function reportEmbeds(doc: ReportDocument): APIEmbed[][] {
  const leads = doc.sections[0]?.kind === 'finding' && doc.sections[0].lead === true;
  const embeds: APIEmbed[] = [
    ...(leads ? [] : [{ title: clip(doc.title, EMBED_LIMITS.title), description: clip(`**${VERDICT_MARK[doc.verdict.kind]} ${escaped(doc.verdict.headline, 1000)}**`, EMBED_LIMITS.description), color: VERDICT_COLOR[doc.verdict.kind] }]),
    ...doc.sections.flatMap((section) => sectionEmbeds(section, doc.title)),
  ];
  withFooterLine(embeds[embeds.length - 1]!, doc.footer);
  return packIntoMessages(embeds.map(fitEmbed));
}

/** What "Show details" shows the user alone: the settings checked, every check with what it saw. */
export function detailsEmbeds(doc: ReportDocument): APIEmbed[][] {
  const embeds = doc.details.map(detailsEmbed);
  embeds.unshift({ author: { name: clip(doc.title, EMBED_LIMITS.author) }, title: clip(doc.detailsTitle, EMBED_LIMITS.title) });
  return packIntoMessages(embeds.map(fitEmbed));
}

function detailsEmbed(part: DetailsSection): APIEmbed {
  switch (part.kind) {
    case 'fields':
      return { title: clip(part.title, EMBED_LIMITS.title), fields: part.fields.slice(0, EMBED_LIMITS.fields).map((f) => field(f.label, escaped(f.value, EMBED_LIMITS.fieldValue), true)) };
    case 'checks':
      return { title: clip(part.title, EMBED_LIMITS.title), description: linesWithin(part.checks.map(detailLine), EMBED_LIMITS.description) };
  }
}

function sectionEmbeds(section: DocumentSection, documentTitle: string): APIEmbed[] {
  switch (section.kind) {
    case 'finding':
      return findingEmbeds(section, documentTitle);
    case 'note':
      return [{ title: clip(section.title, EMBED_LIMITS.title), description: escaped(section.text, EMBED_LIMITS.description) }];
  }
}

/** The cause and its fix; the verified fix in green apart; the evidence as the last embed's small print. */
function findingEmbeds(section: FindingSection, documentTitle: string): APIEmbed[] {
  const fields: APIEmbedField[] = [];
  if (section.fix) {
    const steps = section.fix.steps.slice(0, 20).map((s, i) => `${i + 1}. ${escaped(s, EMBED_LIMITS.fieldValue)}`);
    fields.push(field(section.fix.title, [escaped(section.fix.summary, EMBED_LIMITS.fieldValue), ...steps].filter(Boolean).join('\n'), false));
  }
  if (section.appSteps) fields.push(...appStepsFields(section.appSteps));
  const cause: APIEmbed = {
    // The lead names the report it belongs to, the others how serious they are; both what they
    // affect ("… · Incoming"), so the fix follows the cause with nothing between.
    author: { name: clip([section.lead ? documentTitle : section.severityLabel, ...section.fields.map((f) => f.value)].join(' · '), EMBED_LIMITS.author) },
    title: clip(`${SEVERITY_MARK[section.severity]} ${section.title}`, EMBED_LIMITS.title),
    color: SEVERITY_COLOR[section.severity],
    fields: fields.slice(0, EMBED_LIMITS.fields),
  };
  if (section.explanation) cause.description = escaped(section.explanation, EMBED_LIMITS.description);
  const embeds = [cause];
  if (section.verifiedFix) {
    embeds.push({ title: clip(`✅ ${section.verifiedFix.title}`, EMBED_LIMITS.title), description: escaped(section.verifiedFix.text, EMBED_LIMITS.description), color: VERIFIED_COLOR });
  }
  if (section.evidence) withFooterLine(embeds[embeds.length - 1]!, `🔎 ${section.evidence}`);
  return embeds;
}

/** Footers are plain text (no markdown): small print, one line after another. */
function withFooterLine(embed: APIEmbed, line: string): void {
  embed.footer = { text: clip(embed.footer ? `${embed.footer.text}\n${line}` : line, EMBED_LIMITS.footer) };
}

function detailLine(check: DocumentCheck): string {
  return check.detail ? `${checkLine(check)} · ${escaped(check.detail, 300)}` : checkLine(check);
}

/** The fix in the user's own app, under the generic fix: steps and notes, then one field per snippet. */
function appStepsFields(app: DocumentAppSteps): APIEmbedField[] {
  const steps = app.steps.map((s, i) => `${i + 1}. ${escaped(s, EMBED_LIMITS.fieldValue)}`);
  const notes = app.notes.map((n) => escaped(n, EMBED_LIMITS.fieldValue));
  const fields = [field(app.title, linesWithin([...steps, ...notes, ...app.sources.map((s) => escaped(s, 500))], EMBED_LIMITS.fieldValue), false)];
  for (const snippet of app.snippets) fields.push(field(snippet.library, `\`\`\`\n${clip(snippet.code, EMBED_LIMITS.fieldValue - 10)}\n\`\`\``, false));
  return fields;
}

/** A field; Discord refuses empty names and values. */
function field(name: string, value: string, inline: boolean): APIEmbedField {
  return { name: clip(name || '—', EMBED_LIMITS.fieldName), value: clip(value || '—', EMBED_LIMITS.fieldValue), inline };
}

/** Whole lines up to the limit, then a count of those left out. */
function linesWithin(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    if (length + line.length + 1 > max - 16) {
      kept.push(`… (+${lines.length - i})`);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n') || '—';
}

/**
 * The characters Discord counts towards the 6,000 of a message, in UTF-16 units as discord.js's
 * embedLength does: an emoji outside the BMP (🔎) counts twice, never less than Discord counts.
 */
export function embedCharacters(embed: APIEmbed): number {
  const texts = [embed.title, embed.description, embed.footer?.text, embed.author?.name, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
  return texts.reduce((sum, text) => sum + (text?.length ?? 0), 0);
}

/**
 * One embed may hold 6,000 characters too. The fix is kept first, then the other fields in
 * order while they fit; the description gives way only if even that is too much.
 */
function fitEmbed(embed: APIEmbed): APIEmbed {
  const max = EMBED_LIMITS.charactersPerMessage;
  if (embedCharacters(embed) <= max) return embed;
  const fields = embed.fields ?? [];
  // The fix is the first full-width field (the app's steps follow it).
  const fix = fields.find((f) => f.inline === false);
  const fitted: APIEmbed = { ...embed, fields: [] };
  let room = max - embedCharacters(fitted);
  if (room < 0 && fitted.description) {
    fitted.description = clip(fitted.description, Math.max(1, [...fitted.description].length + room));
    room = max - embedCharacters(fitted);
  }
  const kept = new Set<APIEmbedField>();
  for (const field of fix ? [fix, ...fields.filter((f) => f !== fix)] : fields) {
    const size = embedCharacters({ fields: [field] });
    if (size > room) continue;
    kept.add(field);
    room -= size;
  }
  fitted.fields = fields.filter((f) => kept.has(f));
  return fitted;
}

function packIntoMessages(embeds: APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let characters = 0;
  for (const embed of embeds) {
    const size = embedCharacters(embed);
    if (current.length > 0 && (current.length >= EMBED_LIMITS.embedsPerMessage || characters + size > EMBED_LIMITS.charactersPerMessage)) {
      messages.push(current);
      current = [];
      characters = 0;
    }
    current.push(embed);
    characters += size;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
