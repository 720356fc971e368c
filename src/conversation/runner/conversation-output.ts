import type { ReportDocument, DocumentCheck } from '../../report-document/report-document';
import type { FormFieldKind, FormId } from '../effects';
import type { ConversationUser, UserRoles } from '../state';

/**
 * What an adapter implements for one conversation (a thread): the effects, already in the
 * user's language. Slack, Discord and the console each render these their own way; none of
 * them words anything itself. Every method may fail (network, permissions): the runner logs
 * that and goes on, so one failed message never breaks the conversation.
 */
export interface ConversationOutput {
  /**
   * Others can read what this output posts (a thread in a shared channel). The runner then masks
   * the user's address and sign-in name in everything but private messages and forms.
   */
  readonly seenByOthers?: boolean;
  say(message: MessageBlock[]): Promise<void>;
  /**
   * Optional: a message only the conversation's user sees (Slack ephemeral, Discord flag 64),
   * for what concerns them alone in a thread others read. Without it the runner uses `say`.
   */
  sayPrivately?(message: MessageBlock[]): Promise<void>;
  /**
   * Optional: a status line ("Looking up the settings…") that the next message in the thread
   * replaces (an edit, not another message). Without it the runner uses `say`.
   */
  status?(message: MessageBlock[]): Promise<void>;
  /** A question with buttons (at most five); typed replies work too, the hint says how. */
  ask(question: RenderedQuestion): Promise<void>;
  /** A private form: Slack/Discord modal, hidden console prompts. Only secret fields are secret. */
  openForm(form: RenderedForm): Promise<void>;
  /**
   * Optional: the one-time link to the bot's own password page (MAILHELP_PUBLIC_URL), shown to
   * the user alone, in place of the login form. An output without it gets the form instead.
   */
  openLoginLink?(link: RenderedLoginLink): Promise<void>;
  /**
   * Optional: the OAuth sign-in code, to the user alone (Slack ephemeral, Discord ephemeral
   * reply, the terminal). An output without it is never offered the OAuth sign-in test: the
   * code is not shown anywhere else.
   */
  showSignInCode?(code: RenderedSignInCode): Promise<void>;
  /** Create the progress message on the first call for a run, then edit that same message. */
  progress(progress: RenderedProgress): Promise<void>;
  report(document: ReportDocument, actions: RenderedChoice[]): Promise<void>;
  /**
   * Optional: "Show details", the document's settings and every check (`details`), shown to the
   * user alone (Slack ephemeral, Discord flag 64, the terminal). The document is not masked, so
   * an output must not post it where others read. Without it the runner sends the details as
   * text through `sayPrivately`, or masked through `say`.
   */
  reportDetails?(document: ReportDocument): Promise<void>;
  /** Post the report to the help-desk triage channel, naming who asked; rejects when it could not. */
  escalate(document: ReportDocument, from: ConversationUser): Promise<void>;
  /**
   * Optional: how the check ended ("✗ Incoming: Certificate expired — the fix is in the thread"),
   * written into the conversation's root message in the channel, so the channel can be read
   * without opening threads. Names nobody's address or domain. Outputs without a root skip it.
   * `user`: whose check it was, from the stored conversation (a process that picked the
   * conversation up after a restart knows the root's ids, not whom it names).
   */
  outcome?(line: string, user?: ConversationUser): Promise<void>;
  /** Best effort: remove a message that may hold a password. Platforms that cannot just resolve. */
  hideMessage(messageId: string): Promise<void>;
  /**
   * Optional: what the platform says the conversation's user may do (admin, help desk), asked
   * only for the channel commands. An output without it grants nothing.
   */
  roles?(): Promise<UserRoles>;
  /** Optional: a link to the conversation's thread, for history records and outage alerts. */
  link?(): Promise<string | undefined>;
  /** The conversation is over; release anything held for it. */
  end(): Promise<void>;
}

/** A paragraph of text, or a literal (a command to copy) shown as code. */
export type MessageBlock = { kind: 'text'; text: string } | { kind: 'code'; text: string };

export interface RenderedChoice {
  id: string;
  label: string;
  style?: 'primary' | 'danger';
}

export interface RenderedQuestion {
  message: MessageBlock[];
  choices: RenderedChoice[];
  /** How to answer, in a chat's words (buttons); see choiceHint. */
  hint?: string;
  /** The hint only says how to pick a choice: a platform without buttons says it its own way. */
  choiceHint?: boolean;
  /** The answer is a paste spanning lines: read it as one answer. */
  multiline?: boolean;
}

export interface RenderedField {
  name: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  placeholder?: string;
  initial?: string;
  options?: RenderedChoice[];
  maxLength?: number;
}

export interface RenderedForm {
  id: FormId;
  title: string;
  description?: string;
  submitLabel: string;
  fields: RenderedField[];
  /**
   * Checks one field as it is entered, in the user's language (undefined: fine). For platforms
   * that ask field by field (the console); a modal still gets the whole form checked on submit.
   */
  checkField?: (name: string, value: string) => string | undefined;
}

export interface RenderedProgress {
  runId: number;
  title: string;
  checks: DocumentCheck[];
  done: boolean;
  /** The run ended without a report: shown as stopped, never as still checking. */
  stopped?: boolean;
  /** Set while the run waits for a free slot: its place in line (the title says it in words). */
  queuePosition?: number;
}

/** The login form's replacement when the bot serves its own password page. */
export interface RenderedLoginLink {
  formId: 'login';
  /** The form's title ("Test sign-in"). */
  title: string;
  /** What the link is for, how long it works; in the user's language. */
  message: MessageBlock[];
  /** The one-time URL: show it to this user only. */
  url: string;
  buttonLabel: string;
  expiresInMinutes: number;
}

/** The device code of the OAuth sign-in test (RFC 8628): for the user's eyes only. */
export interface RenderedSignInCode {
  /** "Sign in with Microsoft". */
  title: string;
  /** Where to go, the code (a code block), whom to sign in as, how long it works. */
  message: MessageBlock[];
  /** The provider's verification address (with the code in it where the provider gives one). */
  url: string;
  /** The device code (absent for the browser flow, whose link is the private part). */
  code?: string;
  buttonLabel: string;
  expiresInMinutes: number;
}

/** Plain text of blocks for simple outputs: code indented on its own lines. */
export function blocksToPlainText(blocks: readonly MessageBlock[]): string {
  return blocks.map((b) => (b.kind === 'code' ? b.text.split('\n').map((l) => `    ${l}`).join('\n') : b.text)).join('\n');
}
