import type { AppId } from '../apps';
import type { AppSetting } from '../app-setting';
import type { AppStepsEntry, AppVersions, SettingsScreen, SideSteps, StepSentence, StepSpec, StepValue } from '../entry';

/** Small constructors that keep the catalog files readable as data. */
export function say(sentence: string, values?: Record<string, StepValue>): StepSentence {
  return values ? { say: sentence, with: values } : { say: sentence };
}

export function label(name: string): StepValue {
  return { label: name };
}

export function path(...names: string[]): StepValue {
  return { path: names };
}

/** The value the fix asks for (port, host name, user name). */
export const VALUE: StepValue = { change: 'value' };

export function screen(id: string, open: StepSpec[], save: StepSpec[]): SettingsScreen {
  return { id, open, save };
}

export function side(on: SettingsScreen, ...change: StepSpec[]): SideSteps {
  return { screen: on, change };
}

/** The same change for both servers on one screen, each under its own section (incoming, outgoing). */
export function underEachServer(on: SettingsScreen, change: (section: StepValue) => StepSpec[]): Pick<AppStepsEntry, 'sides'> {
  return { sides: { incoming: side(on, ...change(label('incoming_server'))), outgoing: side(on, ...change(label('outgoing_server'))) } };
}

interface AppFacts {
  versions: AppVersions;
  source: string;
  labelSources?: Partial<Record<string, string>>;
  sourceNote: string;
  unverified?: readonly string[];
  note?: AppStepsEntry['note'];
}

/** One entry per setting of one app; `overrides` gives a setting its own versions or source. */
export function entriesOf(
  app: AppId,
  facts: AppFacts,
  settings: Partial<Record<AppSetting, Pick<AppStepsEntry, 'sides'> & Partial<Omit<AppFacts, 'unverified'>>>>,
): AppStepsEntry[] {
  return Object.entries(settings).map(([setting, spec]) => ({
    app,
    setting: setting as AppSetting,
    versions: spec.versions ?? facts.versions,
    source: spec.source ?? facts.source,
    ...((spec.labelSources ?? facts.labelSources) ? { labelSources: spec.labelSources ?? facts.labelSources } : {}),
    sourceNote: spec.sourceNote ?? facts.sourceNote,
    ...(facts.unverified ? { unverified: facts.unverified } : {}),
    sides: spec.sides,
    ...(facts.note ? { note: facts.note } : {}),
  }));
}
