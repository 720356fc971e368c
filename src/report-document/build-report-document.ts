import { appStepsFor } from '../app-steps/app-steps-text';
import { type AppId, appNameKey } from '../app-steps/apps';
import { renderAppSteps } from '../app-steps/render-app-steps';
import { type Finding, type Fix, type Report, verdictOf as verdictOfFindings } from '../diagnosis/report';
import { displayHost } from '../settings/host-names';
import type { Translate } from '../i18n/translator';
import type { ServerSettings, Target } from '../settings/server-settings';
import { documentCheck } from './check-lines';
import { causeExplanation, causeTitle, securityLabel, settingsLabel, severityLabel, targetLabel } from './labels';
import type { DetailsSection, DocumentField, DocumentSection, DocumentVerdict, FindingSection, ReportDocument } from './report-document';
import { clip, TEXT_LIMITS } from './text-limits';
import { oauthWayIn } from '../oauth/sign-in-report';

export interface BuildOptions {
  language: string;
  /** Findings the conversation adds (client side), already localized; shown before the engine's. */
  extraFindings?: Finding[];
  /** The user's mail app: each fix that changes a setting gets its steps there. */
  app?: AppId;
}

/**
 * The report in words: the cause the verdict names first, each finding with its fix, verified
 * fix and one line of evidence; the settings and every check apart, as details.
 */
export function buildReportDocument(report: Report, t: Translate, options: BuildOptions): ReportDocument {
  const findings = visibleFindings([...(options.extraFindings ?? []), ...report.findings]);
  const merged = leadFirst(mergeSameText(findings), verdictOfFindings(findings) === 'problem');
  const shown = merged.slice(0, TEXT_LIMITS.findingSections);
  const sections: DocumentSection[] = shown.map(({ finding, targets, lead }) => {
    const section = withAppSteps(t, findingSection(t, finding, report, targets), finding, report, options);
    return lead ? { ...section, lead } : section;
  });
  const hidden = merged.length - shown.length;
  if (hidden > 0) sections.push({ kind: 'note', title: t('report:section.more'), text: t('report:more_findings', { count: hidden }) });
  const fields = settingsFields(t, report);
  if (options.app) fields.push({ label: t('apps:field_app'), value: t(appNameKey(options.app)) });
  const details: DetailsSection[] = [{ kind: 'fields', title: t('report:section.settings'), fields }];
  if (report.checks.length > 0) {
    details.push({ kind: 'checks', title: t('report:section.checks'), checks: report.checks.slice(0, TEXT_LIMITS.checks).map((c) => documentCheck(t, c)) });
  }
  return {
    ...(options.app ? { app: t(appNameKey(options.app)) } : {}),
    language: options.language,
    title: clip(titleOf(t, report), TEXT_LIMITS.title),
    verdict: verdictOf(t, findings),
    sections,
    detailsTitle: t('report:section.details'),
    details,
    footer: t('report:footer', { vantage: report.vantage.description, seconds: report.durationMs / 1000 }),
  };
}

type Merged = { finding: Finding; targets: Finding['target'][]; lead?: true };

/** The first problem is the one the verdict names: it leads, whatever came before it. */
function leadFirst(merged: Merged[], problem: boolean): Merged[] {
  const index = problem ? merged.findIndex((m) => m.finding.severity === 'error') : -1;
  if (index < 0) return merged;
  const lead = merged[index]!;
  return [{ ...lead, lead: true }, ...merged.slice(0, index), ...merged.slice(index + 1)];
}

/** The engine's `ok` finding says only "everything works"; next to real findings it is noise. */
function visibleFindings(findings: Finding[]): Finding[] {
  const real = findings.filter((f) => f.cause !== 'ok');
  return real.length > 0 ? real : findings;
}

function titleOf(t: Translate, report: Report): string {
  if (report.settings.email) return t('report:title_account', { email: report.settings.email });
  const servers = [report.settings.incoming, report.settings.outgoing].filter((s) => s !== undefined).map((s) => `${displayHost(s.host)}:${s.port}`);
  return t('report:title_servers', { servers: servers.join(', ') });
}

/**
 * The verdict over every finding shown, the conversation's own included: the engine may find
 * nothing wrong while the user's pasted output proves their network blocks the port.
 */
function verdictOf(t: Translate, findings: Finding[]): DocumentVerdict {
  const verdict = verdictOfFindings(findings);
  if (verdict === 'problem') {
    const first = findings.find((f) => f.severity === 'error');
    return { kind: 'problem', headline: t('report:verdict.problem', { cause: causeTitle(t, first?.cause ?? 'ok', first?.facts) }) };
  }
  // The bot signed in with OAuth: the verified way in is the news, whatever else passed.
  const oauth = oauthWayIn(findings);
  if (oauth) return { kind: 'ok', headline: t('report:verdict.oauth_works', { provider: String(oauth.facts.provider ?? 'OAuth') }) };
  if (findings.some((f) => f.cause === 'client.side_suspected')) return { kind: 'client_side', headline: t('report:verdict.client_side') };
  if (verdict === 'warning') {
    const count = findings.filter((f) => f.severity === 'warning').length;
    return { kind: 'warning', headline: t('report:verdict.warning', { count }) };
  }
  return { kind: 'ok', headline: t('report:verdict.ok') };
}

/**
 * The same cause found for incoming and outgoing with the very same words (evidence and fix) is
 * one section naming both, not the same paragraph twice.
 */
function mergeSameText(findings: Finding[]): Merged[] {
  const merged: (Merged & { key: string })[] = [];
  for (const finding of findings) {
    const key = JSON.stringify([finding.cause, finding.severity, finding.evidence, finding.fix?.summary, finding.fix?.steps]);
    const other = merged.find((m) => m.key === key && !m.targets.includes(finding.target));
    if (other) other.targets.push(finding.target);
    else merged.push({ key, finding, targets: [finding.target] });
  }
  return merged;
}

function findingSection(t: Translate, finding: Finding, report: Report, targets: Finding['target'][] = [finding.target]): FindingSection {
  const section: FindingSection = {
    kind: 'finding',
    title: clip(causeTitle(t, finding.cause, finding.facts), TEXT_LIMITS.title),
    severity: finding.severity,
    severityLabel: severityLabel(t, finding.severity),
    explanation: clip(causeExplanation(t, finding.cause, finding.facts), TEXT_LIMITS.fieldValue),
    evidence: oneLine(finding.evidence),
    fields: [{ label: t('report:field.affects'), value: targets.map((target) => targetLabel(t, target)).join(', ') }],
  };
  if (finding.fix && (finding.fix.summary || finding.fix.steps.length > 0)) {
    section.fix = {
      title: t('report:fix_title'),
      summary: clip(finding.fix.summary, TEXT_LIMITS.fieldValue),
      steps: finding.fix.steps.map((s) => clip(s, TEXT_LIMITS.step)),
    };
  }
  const verified = finding.fix?.settings;
  if (verified) {
    const current = finding.target === 'account' ? undefined : report.settings[finding.target];
    section.verifiedFix = { title: t('report:verified.title'), text: clip(verifiedFixText(t, verified, current), TEXT_LIMITS.fieldValue) };
  }
  return section;
}

/** Evidence is one line under the fix: its first line, cut to fit. */
function oneLine(evidence: string): string {
  const [first = ''] = evidence.trim().split('\n');
  return clip(first.trim(), TEXT_LIMITS.evidence);
}

/**
 * "Security: STARTTLS → SSL/TLS · Port 993 (unchanged)": what to change first, then what stays
 * as the user has it. Without the user's settings (an account-wide finding) the values alone.
 */
function verifiedFixText(t: Translate, verified: NonNullable<Fix['settings']>, current: ServerSettings | undefined): string {
  // An unchanged server name goes without saying; an unchanged port or security does not.
  const rows: { setting: string; from: string | number | undefined; to: string | number; sayKept: boolean }[] = [];
  if (verified.host) rows.push({ setting: t('report:verified.server'), from: current && displayHost(current.host), to: displayHost(verified.host), sayKept: false });
  rows.push({ setting: t('report:verified.security'), from: current && securityLabel(t, current.security), to: securityLabel(t, verified.security), sayKept: true });
  rows.push({ setting: t('report:verified.port'), from: current?.port, to: verified.port, sayKept: true });
  const changed = rows.filter((r) => r.from === undefined || r.from !== r.to);
  const kept = rows.filter((r) => r.from !== undefined && r.from === r.to && r.sayKept);
  return [
    ...changed.map((r) => (r.from === undefined ? t('report:verified.value', { setting: r.setting, value: r.to }) : t('report:verified.changed', { setting: r.setting, from: r.from, to: r.to }))),
    ...kept.map((r) => t('report:verified.unchanged', { setting: r.setting, value: r.to })),
  ].join(' · ');
}

function settingsFields(t: Translate, report: Report): DocumentField[] {
  const fields: DocumentField[] = [];
  if (report.settings.email) fields.push({ label: t('report:field.email'), value: report.settings.email });
  for (const side of ['incoming', 'outgoing'] as const satisfies Target[]) {
    const settings = report.settings[side];
    if (settings) fields.push({ label: targetLabel(t, side), value: settingsLabel(t, settings) });
  }
  return fields;
}

/** The generic fix stays for everyone reading the thread; the steps in the user's app go under it. */
function withAppSteps(t: Translate, section: FindingSection, finding: Finding, report: Report, { app, language }: BuildOptions): FindingSection {
  const steps = app ? appStepsFor(app, finding, report.settings) : undefined;
  if (!steps) return section;
  const rendered = renderAppSteps(t, steps, language);
  return {
    ...section,
    appSteps: {
      title: clip(rendered.title, TEXT_LIMITS.title),
      steps: rendered.steps.slice(0, TEXT_LIMITS.appSteps).map((s) => clip(s, TEXT_LIMITS.step)),
      notes: rendered.notes.map((n) => clip(n, TEXT_LIMITS.fieldValue)),
      snippets: rendered.snippets.map((s) => ({ library: s.library, code: clip(s.code, TEXT_LIMITS.snippet) })),
      sources: rendered.sources.map((url) => clip(t('apps:source', { url }), TEXT_LIMITS.step)),
    },
  };
}
