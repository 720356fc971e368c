import type { AppId } from '../app-steps/apps';
import type { AccountProvider } from '../diagnosis/diagnose-request';
import type { Check, Report } from '../diagnosis/report';
import type { Language } from '../i18n/translator';
import type { AccountSettings } from '../settings/server-settings';
import type { LocalizableFinding } from './localizable-finding';
import type { Secret } from './secret';
import type { AdminCommand } from './parse/parse-admin-command';
import type { ConversationUser } from './state';
import type { Text } from './text';

/** What the machine asks the world to do. Platform-neutral; the runner executes them in order. */
export type Effect =
  /** `private`: for the user's eyes only (Slack ephemeral, Discord flag 64), where others can read the thread. */
  | {
      type: 'say';
      text: Text;
      private?: boolean;
      /** A status line ("Looking up…") that the conversation's next message replaces where the platform can edit. */
      transient?: boolean;
    }
  | AskEffect
  | { type: 'open_form'; form: FormSpec }
  | ProgressEffect
  | ReportEffect
  /** "Show details": the report's settings and every check, for the user alone. */
  | ReportDetailsEffect
  | EscalateEffect
  /**
   * The check ended (a report, an error, a stop): the channel's root message says how. Its words
   * name nobody's address, domain or servers, as everyone in the channel reads the root.
   */
  | { type: 'outcome'; text: Text }
  /** Best effort: remove a user's message that may hold a password (not every platform can). */
  | { type: 'hide_message'; messageId: string }
  | { type: 'discover'; requestId: number; email: string }
  /** Before the sign-in question: which of these servers would the target policy refuse (DNS + policy)? */
  | { type: 'check_targets'; requestId: number; settings: AccountSettings }
  | DiagnoseEffect
  | { type: 'cancel_diagnosis'; runId: number }
  /** The user chose a language with `/mailhelp lang`; remember it for their next conversations. */
  | { type: 'remember_language'; language: Language; user: ConversationUser }
  /** The user named their mail app; remember it for their next conversations. */
  | { type: 'remember_app'; app: AppId; user: ConversationUser }
  /** A channel command the user may run (watch, watches, history, …): the runner's services answer it. */
  | { type: 'admin_command'; command: AdminCommand; user: ConversationUser }
  /** The conversation is over: forget its state. */
  | { type: 'end' };

export interface Choice {
  id: string;
  label: Text;
  style?: 'primary' | 'danger';
}

/** A question. Choices become buttons; a typed reply always works too (the hint says how). */
export interface AskEffect {
  type: 'ask';
  question: Text;
  choices: Choice[];
  /** What to type for this question ("like imap.example.com 993 ssl"). */
  hint?: Text;
  /** No hint of its own: the platform says how to pick one of the choices. */
  choiceHint?: boolean;
  /** The answer is a paste that spans lines (a command's output). */
  multiline?: boolean;
}

export type FormFieldKind = 'text' | 'secret' | 'choice';

export interface FormField {
  name: string;
  label: Text;
  kind: FormFieldKind;
  required: boolean;
  placeholder?: Text;
  initial?: string;
  /** For `choice` fields. */
  options?: Choice[];
  maxLength?: number;
}

/** A private form (Slack modal, Discord modal, console prompts). At most five fields (Discord). */
export interface FormSpec {
  id: FormId;
  title: Text;
  /** Shown above the fields: for the login form, what happens to the password. */
  description?: Text;
  submitLabel: Text;
  fields: FormField[];
}

export type FormId = 'incoming' | 'outgoing' | 'login';

/** One message edited in place as checks finish. */
export interface ProgressEffect {
  type: 'progress';
  runId: number;
  title: Text;
  checks: Check[];
  done: boolean;
  /** The run ended without a report (a limit, an error): the message must not go on saying "checking". */
  stopped?: boolean;
}

export interface ReportEffect {
  type: 'report';
  report: Report;
  /** Findings the conversation adds (client side), localized by the runner and shown first. */
  extraFindings: LocalizableFinding[];
  actions: Choice[];
  /** The user's mail app: its steps are shown under each fix. */
  app?: AppId;
}

export interface ReportDetailsEffect {
  type: 'report_details';
  report: Report;
  extraFindings: LocalizableFinding[];
  /** The user's mail app, among the settings. */
  app?: AppId;
}

export interface EscalateEffect {
  type: 'escalate';
  report: Report;
  extraFindings: LocalizableFinding[];
  user: ConversationUser;
  reportId?: string;
  /** The user's mail app, named in the help-desk post. */
  app?: AppId;
}

export interface DiagnoseEffect {
  type: 'diagnose';
  runId: number;
  settings: AccountSettings;
  /** Only for the login test; lives in this effect and nowhere else. */
  credentials?: { user: string; password: Secret };
  /**
   * The OAuth sign-in test instead of a password: the runner gets a token (the code shown to
   * the user alone), logs in with it, and sets the report beside `previous`, the password
   * test's report of the same account, when there was one (src/oauth/side-by-side).
   */
  signIn?: { user: string; discoveryId?: string; previous?: Report };
  /** Who hosts the account and its sign-in, by name (discovery, the OAuth offer): the fixes name them. */
  provider?: AccountProvider;
}
