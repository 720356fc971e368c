import type { SettingChange } from './app-setting';
import type { StepSentence, StepSpec, StepValue } from './entry';

/** The sentence a step says for this change: the one for the security asked for, where it depends on it. */
export function chosenSentence(spec: StepSpec, change: SettingChange): StepSentence | undefined {
  return 'bySecurity' in spec ? (spec.bySecurity[change.security ?? 'tls'] ?? Object.values(spec.bySecurity)[0]) : spec;
}

/** The label a security or protocol value names for this change (undefined: none, the raw value is shown). */
export function optionLabel(value: StepValue, change: SettingChange): string | undefined {
  if ('security' in value) return value.security[change.security ?? 'tls'];
  if ('protocol' in value) return value.protocol[change.protocol] ?? Object.values(value.protocol)[0];
  return undefined;
}

/** The names of the app's labels a step shows for this change (`apps:label.<app>.<name>`). */
export function labelsShown(spec: StepSpec, change: SettingChange): string[] {
  const chosen = chosenSentence(spec, change);
  return Object.values(chosen?.with ?? {}).flatMap((value) => {
    if ('label' in value) return [value.label];
    if ('path' in value) return value.path;
    const option = optionLabel(value, change);
    return option ? [option] : [];
  });
}
