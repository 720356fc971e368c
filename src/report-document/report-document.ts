import type { CheckStatus, Severity, Verdict } from '../diagnosis/report';

/**
 * The report as one neutral structure, already in the user's language. The console prints it
 * as text, Slack as Block Kit, Discord as embeds: no adapter words anything itself.
 */
export interface ReportDocument {
  language: string;
  /** "Mail check for alice@acme.com" */
  title: string;
  verdict: DocumentVerdict;
  sections: DocumentSection[];
  /** Where the checks ran from and how long they took. */
  footer: string;
  /** The user's mail app, by name ("Thunderbird"): its steps are under each fix, and the help desk sees it. */
  app?: string;
}

/** `client_side`: everything works from the bot's network, so the fault is likely the user's side. */
export type VerdictKind = Verdict | 'client_side';

export interface DocumentVerdict {
  kind: VerdictKind;
  /** "Problem found: The certificate has expired" */
  headline: string;
}

export type DocumentSection = FindingSection | FieldsSection | ChecksSection | NoteSection;

export interface FindingSection {
  kind: 'finding';
  /** The cause's title. */
  title: string;
  severity: Severity;
  severityLabel: string;
  /** What the cause means, in general. */
  explanation: string;
  /** What the bot saw, this time. */
  evidence: string;
  fields: DocumentField[];
  fix?: DocumentFix;
  /** The fix as steps in the user's own app, under the generic fix. */
  appSteps?: DocumentAppSteps;
}

export interface DocumentAppSteps {
  /** "In Thunderbird (Thunderbird 115 or later):" */
  title: string;
  steps: string[];
  /** Settings the app has no field for; which old versions and devices cannot connect. */
  notes: string[];
  /** Configuration for scripts (nodemailer, PHPMailer, smtplib): literal code. */
  snippets: { library: string; code: string }[];
  /** "Source: https://…" lines. */
  sources: string[];
}

export interface DocumentFix {
  /** "How to fix it" */
  title: string;
  summary: string;
  steps: string[];
}

export interface FieldsSection {
  kind: 'fields';
  title: string;
  fields: DocumentField[];
}

export interface ChecksSection {
  kind: 'checks';
  title: string;
  checks: DocumentCheck[];
}

export interface NoteSection {
  kind: 'note';
  title: string;
  text: string;
}

export interface DocumentField {
  label: string;
  value: string;
}

export interface DocumentCheck {
  /** "Incoming · TLS handshake" */
  label: string;
  status: CheckStatus;
  statusLabel: string;
  /** ✓ ✗ ! – ? : one character that reads without colour. */
  symbol: string;
  detail: string;
  ms: number;
}
