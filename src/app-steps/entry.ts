import type { Protocol, Security, Target } from '../settings/server-settings';
import type { AppId } from './apps';
import type { AppSetting } from './app-setting';

/**
 * A value in a step sentence. `label` names a text the app shows, `apps:label.<app>.<name>`:
 * the exact English label, or the label of the user's language where a source shows it (else
 * the English one in quotes). `path` is several labels, "File > Account Settings".
 */
export type StepValue =
  | { label: string }
  | { path: string[] }
  /** The value of the change: the port, the host name, the user name. */
  | { change: 'value' }
  /** The label of the security option the fix asks for, per option. */
  | { security: Partial<Record<Security, string>> }
  /** A label that names the protocol ("Incoming server (IMAP)" or "(POP3)"). */
  | { protocol: Partial<Record<Protocol, string>> };

/** One sentence of `apps:step.<say>` with its values. */
export interface StepSentence {
  say: string;
  with?: Record<string, StepValue>;
}

/** A sentence that depends on the security asked for (a switch that is on for SSL/TLS only). */
export interface SecuritySentence {
  bySecurity: Partial<Record<Security, StepSentence>>;
}

export type StepSpec = StepSentence | SecuritySentence;

/**
 * Where the settings are in an app, and how to leave them saved: shared by the entries of one
 * screen, so several changes on the same screen show the way there once.
 */
export interface SettingsScreen {
  id: string;
  open: StepSpec[];
  save: StepSpec[];
}

export interface SideSteps {
  screen: SettingsScreen;
  change: StepSpec[];
}

/**
 * The app versions the steps hold for: "from" a version number (the app's title in each language
 * names the app, `apps:title.<app>`, so the number goes without it), or a list of platforms or
 * editions the user's language words (`apps:versions.<list>`).
 */
export type AppVersions = { from: string } | { list: AppVersionList };

export type AppVersionList = 'outlook_classic' | 'windows' | 'android' | 'ios_android' | 'devices';

/** The steps to change one setting in one app, with the versions they hold for and where they come from. */
export interface AppStepsEntry {
  app: AppId;
  setting: AppSetting;
  versions: AppVersions;
  /** Where the steps and English labels come from (the vendor's help page). */
  source: string;
  /** Where localized labels come from, per language, when they are not the vendor's English page. */
  labelSources?: Partial<Record<string, string>>;
  /** What the opened sources show and where they fall short (versions, labels no source shows). */
  sourceNote: string;
  /**
   * Labels (`apps:label.<app>.<name>`) that no opened source shows: the English text is the best
   * knowledge, so every language shows it in English quotes and the steps say it is unchecked.
   */
  unverified?: readonly string[];
  sides: Partial<Record<Target, SideSteps>>;
  /** Said under the steps: another way the same app may look (a newer window, for one). */
  note?: StepSentence;
}
