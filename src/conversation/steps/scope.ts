import type { AccountSettings } from '../../settings/server-settings';
import type { Effect } from '../effects';
import type { ConversationEvent } from '../events';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor } from '../questions';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, moveTo, type Transition } from '../transition';
import { startRun } from './run';
import { sidesOf } from './run-settings';
import { staleChoice } from './stale';
import { checkTargetsBeforeLogin } from './target-check';

export function askScope(state: ConversationState, ...before: Effect[]): Transition {
  return moveTo(state, 'ask_scope', ...before);
}

export function onAskScope(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'incoming' || picked === 'outgoing' || picked === 'both') return continueAfterScope({ ...state, scope: picked });
  if (event.type === 'text') return badAnswer(state, text('conversation:scope.invalid'));
  return staleChoice(state, event);
}

/**
 * Settle the settings to test for the sides in scope: what the user gave wins, then the
 * expected settings unless the user said their app uses others. Ask for any side still missing.
 */
export function continueAfterScope(state: ConversationState, ...before: Effect[]): Transition {
  const settings: AccountSettings = state.email ? { email: state.email } : {};
  for (const side of sidesOf(state.scope)) {
    const chosen = state.provided.includes(side) ? state.settings[side] : state.appUses !== 'own' ? state.expected?.[side] : undefined;
    if (chosen) settings[side] = chosen;
  }
  const ready: ConversationState = { ...state, settings: { ...state.settings, ...settings } };
  const missing = sidesOf(state.scope).find((side) => !settings[side]);
  if (missing) return moveTo(ready, missing === 'incoming' ? 'ask_incoming' : 'ask_outgoing', ...before);
  if (ready.capabilities.privateForms) return checkTargetsBeforeLogin(ready, ...before);
  return startRun(ready, undefined, ...before);
}
