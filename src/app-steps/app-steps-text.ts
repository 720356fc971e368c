import type { Finding, Report } from '../diagnosis/report';
import { code, type Text, text } from '../conversation/text';
import type { Security } from '../settings/server-settings';
import { type AppId, appNameKey } from './apps';
import type { SettingChange } from './app-setting';
import { entryFor } from './catalog';
import { changesFor } from './changes';
import type { AppStepsEntry, AppVersions, SettingsScreen, StepSpec, StepValue } from './entry';
import { LEGACY_CAUSES, LEGACY_SOURCES } from './legacy';
import { smtpSnippets } from './snippets';
import { chosenSentence, labelsShown, optionLabel } from './step-labels';

/** The steps for one finding in one app, as texts the user's language fills in. */
export interface AppSteps {
  app: AppId;
  /** "In Thunderbird 115 or later:", "In the Gmail app (Android):" */
  title: Text;
  steps: Text[];
  /** Settings the app has no field for, and what old versions and devices cannot do. */
  notes: Text[];
  /** Configuration snippets (a device or program that sends mail). */
  snippets: { library: string; code: string }[];
  sources: string[];
  /** Where the labels of each language come from, when not from `sources` (a localized guide, the app's own strings). */
  labelSources: Partial<Record<string, string>>;
}

/** A finding asks for app steps when it changes a setting, or when old apps cannot follow it. */
export function needsAppSteps(finding: Finding, settings: Report['settings']): boolean {
  return finding.severity !== 'info' && (changesFor(finding, settings).length > 0 || LEGACY_CAUSES.has(finding.cause));
}

/** The exact steps in `app` for what `finding` asks to change; undefined when it changes nothing. */
export function appStepsFor(app: AppId, finding: Finding, settings: Report['settings']): AppSteps | undefined {
  if (!needsAppSteps(finding, settings)) return undefined;
  const changes = changesFor(finding, settings);
  const steps: Text[] = [];
  const notes: Text[] = [];
  const sources = new Set<string>();
  const used: AppStepsEntry[] = [];
  const groups = new Map<string, { screen: SettingsScreen; change: SettingChange; specs: StepSpec[]; entry: AppStepsEntry }[]>();
  for (const change of changes) {
    const entry = entryFor(app, change.setting);
    const sideSteps = entry?.sides[change.side];
    if (!entry || !sideSteps) {
      notes.push(text('apps:no_steps', { app: text(appNameKey(app)), setting: text(`apps:setting.${change.setting}`) }));
      continue;
    }
    used.push(entry);
    sources.add(entry.source);
    const group = groups.get(sideSteps.screen.id) ?? [];
    group.push({ screen: sideSteps.screen, change, specs: sideSteps.change, entry });
    groups.set(sideSteps.screen.id, group);
  }
  const unchecked = new Set<string>();
  // Each step is said, and its labels no source shows are noted, in the order the user follows them.
  const show = (spec: StepSpec, change: SettingChange, entry: AppStepsEntry): void => {
    steps.push(sentence(app, spec, change));
    for (const name of labelsShown(spec, change)) if (entry.unverified?.includes(name)) unchecked.add(name);
  };
  for (const group of groups.values()) {
    const first = group[0]!;
    for (const spec of first.screen.open) show(spec, first.change, first.entry);
    for (const { change, specs, entry } of group) for (const spec of specs) show(spec, change, entry);
    for (const spec of first.screen.save) show(spec, first.change, first.entry);
  }
  const snippets = app === 'sending_device' && finding.target === 'outgoing' && groups.size > 0 ? snippetsAfter(changes, settings) : [];
  if (LEGACY_CAUSES.has(finding.cause)) {
    notes.push(text(`apps:legacy.${app}`));
    sources.add(LEGACY_SOURCES[app]);
  }
  const shownNotes = new Set<string>();
  for (const entry of used) {
    if (!entry.note || shownNotes.has(entry.note.say)) continue;
    shownNotes.add(entry.note.say);
    notes.unshift(sentence(app, entry.note, changes[0]!));
  }
  // Said where a label in the steps has no source: the user then looks for the nearest wording.
  if (unchecked.size > 0) notes.push(text('apps:labels_unverified', { app: text(appNameKey(app)) }));
  const versions = used[0]?.versions;
  // Each app words its own title: an article or not, the app's name once, its versions in the language.
  const title = versions ? text(`apps:title.${app}`, versionsValues(versions)) : text(`apps:title_plain.${app}`);
  const labelSources: Partial<Record<string, string>> = {};
  for (const entry of used) for (const [language, url] of Object.entries(entry.labelSources ?? {})) labelSources[language] ??= url;
  return { app, title, steps, notes, snippets, sources: [...sources], labelSources };
}

function versionsValues(versions: AppVersions): Record<string, Text | string> {
  return 'from' in versions ? { version: versions.from } : { versions: text(`apps:versions.${versions.list}`) };
}

function sentence(app: AppId, spec: StepSpec, change: SettingChange): Text {
  const chosen = chosenSentence(spec, change);
  if (!chosen) return text('apps:step.check_settings');
  const values: Record<string, Text | string | number> = {};
  for (const [name, value] of Object.entries(chosen.with ?? {})) values[name] = stepValue(app, value, change);
  return text(`apps:step.${chosen.say}`, values);
}

function appLabel(app: AppId, name: string): Text {
  return text(`apps:label.${app}.${name}`);
}

function stepValue(app: AppId, value: StepValue, change: SettingChange): Text | string | number {
  if ('label' in value) return appLabel(app, value.label);
  if ('path' in value) {
    const [first, ...rest] = value.path.map((name) => appLabel(app, name));
    return rest.reduce<Text>((from, to) => text('apps:path', { from, to }), first ?? text('apps:step.check_settings'));
  }
  if ('security' in value || 'protocol' in value) {
    const option = optionLabel(value, change);
    return option ? appLabel(app, option) : code('security' in value ? (change.security ?? '') : change.protocol);
  }
  if (change.value === undefined) return text('apps:your_address');
  return typeof change.value === 'number' ? change.value : code(change.value);
}

/** The outgoing settings with the fix applied, as code for scripts. */
function snippetsAfter(changes: SettingChange[], settings: Report['settings']): { library: string; code: string }[] {
  const current = settings.outgoing;
  let host = current?.host ?? 'smtp.example.com';
  let port = current?.port ?? 587;
  let security: Security = current?.security ?? 'starttls';
  for (const change of changes) {
    if (change.setting === 'outgoing_server' && typeof change.value === 'string') host = change.value;
    if (change.setting === 'port' && typeof change.value === 'number') port = change.value;
    if ((change.setting === 'security' || change.setting === 'port') && change.security) security = change.security;
  }
  return smtpSnippets({ host, port, security }, settings.email ?? 'you@example.com');
}
