import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { DocumentAppSteps, DocumentSection, FindingSection, ReportDocument, VerdictKind } from '../../../src/report-document/report-document';
import type { Severity } from '../../../src/diagnosis/report';
import { checkLine } from './progress';
import { clip, escaped } from './message-text';

/** The explanation and the evidence each get at most this much of a finding's description. */
const PART = 1500;

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

/**
 * The report as embeds: the verdict, one embed per finding (explanation, what the bot saw,
 * the fix), the settings, every check. Split over as many messages as Discord's limits need
 * (10 embeds and 6,000 characters per message); each text is cut to its field's limit.
 */
export function reportEmbeds(doc: ReportDocument): APIEmbed[][] {
  const embeds: APIEmbed[] = [
    { title: clip(doc.title, EMBED_LIMITS.title), description: clip(`**${VERDICT_MARK[doc.verdict.kind]} ${escaped(doc.verdict.headline, 1000)}**`, EMBED_LIMITS.description), color: VERDICT_COLOR[doc.verdict.kind] },
    ...doc.sections.map(sectionEmbed),
  ];
  const last = embeds[embeds.length - 1]!;
  last.footer = { text: clip(doc.footer, EMBED_LIMITS.footer) };
  return packIntoMessages(embeds.map(fitEmbed));
}

function sectionEmbed(section: DocumentSection): APIEmbed {
  switch (section.kind) {
    case 'finding':
      return findingEmbed(section);
    case 'fields':
      return { title: clip(section.title, EMBED_LIMITS.title), fields: section.fields.slice(0, EMBED_LIMITS.fields).map((f) => field(f.label, escaped(f.value, EMBED_LIMITS.fieldValue), true)) };
    case 'checks':
      return { title: clip(section.title, EMBED_LIMITS.title), description: linesWithin(section.checks.map(checkLine), EMBED_LIMITS.description) };
    case 'note':
      return { title: clip(section.title, EMBED_LIMITS.title), description: escaped(section.text, EMBED_LIMITS.description) };
  }
}

function findingEmbed(section: FindingSection): APIEmbed {
  const explanation = section.explanation ? escaped(section.explanation, PART) : undefined;
  const evidence = `> ${escaped(section.evidence, PART).replace(/\n/gu, '\n> ')}`;
  const description = [explanation, evidence].filter(Boolean).join('\n\n');
  // One field is kept for the fix, which matters most after the evidence.
  const fields = section.fields.slice(0, EMBED_LIMITS.fields - 1).map((f) => field(f.label, escaped(f.value, EMBED_LIMITS.fieldValue), true));
  if (section.fix) {
    const steps = section.fix.steps.slice(0, 20).map((s, i) => `${i + 1}. ${escaped(s, EMBED_LIMITS.fieldValue)}`);
    fields.push(field(section.fix.title, [escaped(section.fix.summary, EMBED_LIMITS.fieldValue), ...steps].filter(Boolean).join('\n'), false));
  }
  if (section.appSteps) fields.push(...appStepsFields(section.appSteps));
  return {
    author: { name: clip(section.severityLabel, EMBED_LIMITS.author) },
    title: clip(`${SEVERITY_MARK[section.severity]} ${section.title}`, EMBED_LIMITS.title),
    description: clip(description, EMBED_LIMITS.description),
    color: SEVERITY_COLOR[section.severity],
    fields: fields.slice(0, EMBED_LIMITS.fields),
  };
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

/** The characters Discord counts towards the 6,000 of a message. */
export function embedCharacters(embed: APIEmbed): number {
  const texts = [embed.title, embed.description, embed.footer?.text, embed.author?.name, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
  return texts.reduce((sum, text) => sum + (text ? [...text].length : 0), 0);
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
