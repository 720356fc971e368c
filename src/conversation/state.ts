import type { AppId } from '../app-steps/apps';
import type { Check, Report } from '../diagnosis/report';
import type { Language } from '../i18n/translator';
import type { AccountSettings, ServerSettings, Target } from '../settings/server-settings';
import type { SignInOffer } from '../oauth/sign-in-offer';
import type { LocalizableFinding } from './localizable-finding';
import type { Text } from './text';

/** Bumped when the shape changes, so a stored conversation from an older deploy is recognised. */
export const STATE_SCHEMA = 1;

/** Where the conversation is: which question was asked last, or what it is waiting for. */
export type Step =
  | 'ask_email'
  | 'discovering'
  | 'confirm_settings'
  | 'ask_scope'
  | 'ask_incoming'
  | 'ask_outgoing'
  | 'checking_targets'
  | 'offer_login'
  | 'login_form'
  | 'running'
  | 'report'
  | 'ask_os'
  /** "Which app?": after a report whose fix changes a setting, for the steps in that app. */
  | 'ask_app'
  | 'await_client_output';

/** Which side of the account the user has trouble with. */
export type Scope = Target | 'both';
/** The answer to "does your app use these settings?". */
export type AppUses = 'expected' | 'own' | 'unknown';
export type ClientOs = 'windows' | 'macos' | 'linux';

/**
 * The user's mail app and how the bot knows it: asked, said in a reply, seen in pasted client
 * output, or remembered from an earlier conversation. `unknown`: they said they don't know.
 */
export interface AppAnswer {
  id: AppId | 'unknown';
  from: 'asked' | 'said' | 'client_output' | 'remembered';
}

/** What the platform can do; the machine offers only what works there. */
export interface Capabilities {
  /** A help-desk triage channel is configured, so "send to help desk" can be offered. */
  helpDesk: boolean;
  /** The platform can show a private form (modal, hidden console input) for the password. */
  privateForms: boolean;
  /**
   * The private form hides what is typed in a secret field (the console's hidden input). Chat
   * modals cannot, so without this the login form carries a plain warning.
   */
  maskedForms?: boolean;
  /**
   * The platform has no buttons (the console): choices are typed, so a text that would say
   * "use the button" says what to type instead (see typed-text.ts).
   */
  typedChoices?: boolean;
}

/** What the platform says the user may do (Slack admin/owner or group, Discord Manage Server). */
export interface UserRoles {
  admin: boolean;
  /** Help-desk staff: the triage channel's members or a configured group; admins count too. */
  helpDesk: boolean;
}

export interface ConversationUser {
  id: string;
  name?: string;
  /** Slack team or Discord guild: rate limits count per workspace as well as per user. */
  workspace?: string;
}

/** The expected settings from discovery, reduced to what the conversation shows and tests. */
export interface ExpectedSettings {
  domain: string;
  provider?: string;
  /** Discovery's provider id ("microsoft365"), to find the identity provider it signs in with. */
  providerId?: string;
  incoming?: ServerSettings;
  outgoing?: ServerSettings;
  /** Nothing found because DNS could not read the domain (it does not exist, or DNS fails). */
  domainUnreadable?: boolean;
}

export interface RunState {
  id: number;
  /** Checks finished so far, in the order they finished, for the progress message. */
  checks: Check[];
  withLogin: boolean;
  /** The login test signs in with OAuth (steps/sign-in). */
  oauth?: boolean;
  /** The sign-in name the login test used (no password, ever): masked in threads others read. */
  loginUser?: string;
}

/** Plain JSON: stored between events, possibly in another process. Never holds a password. */
export interface ConversationState {
  schema: typeof STATE_SCHEMA;
  step: Step;
  language: Language;
  user: ConversationUser;
  capabilities: Capabilities;
  startedAt: number;
  lastActivityAt: number;
  /** Id of the last discovery or diagnosis asked for; answers with another id are stale. */
  requestId: number;
  /** Bad answers in a row to the current question, to add more help each time. */
  badAnswers: number;
  email?: string;
  expected?: ExpectedSettings;
  appUses?: AppUses;
  scope?: Scope;
  /** The settings to test. */
  settings: AccountSettings;
  /** Sides whose settings the user gave (typed or form), as opposed to discovered ones. */
  provided: Target[];
  /** `/mailhelp imap.example.com:993`: one server, no email, no login. */
  serverOnly: boolean;
  run?: RunState;
  report?: Report;
  /** The history record of the last report, when history is kept. */
  reportId?: string;
  /** The last run was refused by a limit that still holds: no button invites trying again now. */
  limited?: boolean;
  /** The last report's server is a known outage, already with the help desk: no new ticket. */
  outageKnown?: boolean;
  /** Findings the conversation adds to the engine's report (client side). */
  clientFindings: LocalizableFinding[];
  clientOs?: ClientOs;
  app?: AppAnswer;
  /** A form sent back with problems: what was typed (never a secret), to fill it in again. */
  formDraft?: FormDraft;
  /** The OAuth sign-in test this account could take (the runner says which, src/oauth/sign-in-offer). */
  signIn?: SignInOffer;
  /** Why the account needs modern sign-in: discovery said so, or a server refused the password that way. */
  modernAuth?: 'discovery' | 'server';
}

/** The answers of a rejected form and what was wrong with them, by field. */
export interface FormDraft {
  formId: 'incoming' | 'outgoing' | 'login';
  values: Record<string, string>;
  problems: Record<string, Text>;
}
