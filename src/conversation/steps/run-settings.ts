import type { AccountSettings, Target } from '../../settings/server-settings';
import type { ConversationState, Scope } from '../state';

export function sidesOf(scope: Scope | undefined): Target[] {
  return scope === 'incoming' ? ['incoming'] : scope === 'outgoing' ? ['outgoing'] : ['incoming', 'outgoing'];
}

/** The settings one run tests: only the sides in scope, and the address unless server-only. */
export function runSettings(state: ConversationState): AccountSettings {
  const settings: AccountSettings = state.email && !state.serverOnly ? { email: state.email } : {};
  for (const side of sidesOf(state.scope)) {
    const chosen = state.settings[side];
    if (chosen) settings[side] = chosen;
  }
  return settings;
}
