import type { CheckStatus, Severity, Verdict } from '../diagnosis/report';

/**
 * The report as one neutral structure, already in the user's language. The console prints it
 * as text, Slack as Block Kit, Discord as embeds: no adapter words anything itself.
 *
 * Read in this order, on every platform: the cause, its fix, the verified fix, one line of what
 * the bot saw; then the next finding. The settings and every check are `details`: the progress
 * message already listed them, so chats show them only when asked ("Show details").
 */
export interface ReportDocument {
  language: string;
  /** "Mail check for alice@acme.com" */
  title: string;
  verdict: DocumentVerdict;
  /** The findings (the lead first), and a note counting those left out. */
  sections: DocumentSection[];
  /** "Details": the heading of what follows. */
  detailsTitle: string;
  /** The settings checked and every check. */
  details: DetailsSection[];
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

export type DocumentSection = FindingSection | NoteSection;

export type DetailsSection = FieldsSection | ChecksSection;

export interface FindingSection {
  kind: 'finding';
  /** The cause's title. */
  title: string;
  /**
   * The cause the verdict names (the first problem): renderers lead the report with its title
   * instead of a headline that would repeat it. Always the first section when set.
   */
  lead?: true;
  severity: Severity;
  severityLabel: string;
  /** What the cause means, in general. */
  explanation: string;
  /** What the bot saw, this time: one line. */
  evidence: string;
  /** "Affects: Incoming" */
  fields: DocumentField[];
  fix?: DocumentFix;
  /** The fix as steps in the user's own app, under the generic fix. */
  appSteps?: DocumentAppSteps;
  /** Settings the bot connected with itself: shown apart from the fix, as the one to trust. */
  verifiedFix?: DocumentVerifiedFix;
}

export interface DocumentVerifiedFix {
  /** "Verified fix" */
  title: string;
  /** "Security: STARTTLS → SSL/TLS · Port 993 (unchanged)" */
  text: string;
}

export interface DocumentAppSteps {
  /** "In Thunderbird 115 or later:", "In the Gmail app (Android):" */
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
