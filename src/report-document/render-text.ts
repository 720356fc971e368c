import { labelled } from '../i18n/labelled';
import { type Translate, translator } from '../i18n/translator';
import type { DetailsSection, DocumentAppSteps, DocumentSection, ReportDocument, VerdictKind } from './report-document';

const VERDICT_MARK: Readonly<Record<VerdictKind, string>> = { ok: '✓', warning: '!', problem: '✗', client_side: '→' };

export interface TextOptions {
  /** The settings and every check after the findings (the CLI, a help-desk mail); a chat asks for them. */
  details?: boolean;
}

/**
 * The document as plain text for a terminal or any platform without rich messages: the verdict
 * naming the cause, then for each finding its fix, the verified fix and what the bot saw.
 */
export function renderDocumentText(doc: ReportDocument, options: TextOptions = {}): string {
  const t = translator(doc.language);
  const out: string[] = [doc.title, '='.repeat(Math.min(doc.title.length, 60)), `${VERDICT_MARK[doc.verdict.kind]} ${doc.verdict.headline}`];
  // The lead goes on right under the headline that names it; every other section after a blank line.
  for (const section of doc.sections) out.push(...(section.kind === 'finding' && section.lead ? [] : ['']), ...renderSection(section, t));
  out.push('');
  if (options.details) out.push(renderDetailsText(doc), '');
  out.push(doc.footer);
  return out.join('\n');
}

/** "Details", then the settings checked and every check: what "Show details" prints. */
export function renderDetailsText(doc: ReportDocument): string {
  const t = translator(doc.language);
  const title = doc.detailsTitle;
  return [`${title}\n${'-'.repeat(Math.min(title.length, 60))}`, ...doc.details.map((d) => renderDetails(d, t).join('\n'))].join('\n');
}

function renderSection(section: DocumentSection, t: Translate): string[] {
  switch (section.kind) {
    case 'finding': {
      // The lead's title is the verdict's headline just above: not twice.
      const lines = section.lead ? [] : [`[${section.severityLabel}] ${section.title}`];
      if (section.explanation) lines.push(indent(section.explanation));
      for (const field of section.fields) lines.push(indent(`${labelled(t, field.label)} ${field.value}`));
      if (section.fix) {
        lines.push(indent(`${labelled(t, section.fix.title)} ${section.fix.summary}`));
        for (const [i, step] of section.fix.steps.entries()) lines.push(indent(`${i + 1}. ${step}`, 4));
      }
      if (section.appSteps) lines.push(...appStepLines(section.appSteps, t));
      if (section.verifiedFix) lines.push(indent(`✅ ${labelled(t, section.verifiedFix.title)} ${section.verifiedFix.text}`));
      if (section.evidence) lines.push(indent(`» ${section.evidence}`));
      return lines;
    }
    case 'note':
      return [section.title, indent(section.text)];
  }
}

function renderDetails(section: DetailsSection, t: Translate): string[] {
  switch (section.kind) {
    case 'fields':
      return [section.title, ...section.fields.map((f) => indent(`${labelled(t, f.label)} ${f.value}`))];
    case 'checks': {
      const width = Math.max(...section.checks.map((c) => c.label.length));
      return [
        section.title,
        ...section.checks.map((c) => indent(`${c.symbol} ${c.label.padEnd(width)}  ${c.statusLabel} (${c.ms} ms)${c.detail ? ` — ${c.detail}` : ''}`)),
      ];
    }
  }
}

/** The steps in the user's app, under the generic fix. */
function appStepLines(steps: DocumentAppSteps, t: Translate): string[] {
  return [
    indent(steps.title),
    ...steps.steps.map((step, i) => indent(`${i + 1}. ${step}`, 4)),
    ...steps.notes.map((note) => indent(note, 4)),
    ...steps.snippets.flatMap((s) => [indent(labelled(t, s.library), 4), indent(s.code, 6)]),
    ...steps.sources.map((source) => indent(source, 4)),
  ];
}

/** Indents every line of a possibly multi-line text. */
function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
