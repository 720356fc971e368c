import { appStepsMessage } from '../../app-steps/app-steps-message';
import { type AppId, isAppId } from '../../app-steps/apps';
import { appNamed } from '../../app-steps/detect-app';
import type { Effect } from '../effects';
import type { ConversationEvent } from '../events';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor } from '../questions';
import type { AppAnswer, ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, moveTo, say, type Transition } from '../transition';
import { staleChoice } from './stale';
import { howToAnswer } from '../typed-text';

/** The app whose steps the user gets, when known (not "I don't know"). */
export function knownApp(state: ConversationState): AppId | undefined {
  return state.app && state.app.id !== 'unknown' ? state.app.id : undefined;
}

/**
 * "Which app?", asked after a report whose fix changes a setting. The answer shows that app's
 * steps under the report and is remembered for the user's next conversations.
 */
export function onAskApp(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'app_unknown') return moveTo({ ...state, app: { id: 'unknown', from: 'asked' } }, 'report', say(text('apps:dont_know_reply')));
  const named = picked?.startsWith('app_') ? picked.slice('app_'.length) : event.type === 'text' ? appNamed(event.text) : undefined;
  if (isAppId(named)) return showAppSteps(state, named, 'asked');
  if (named === 'outlook') return badAnswer(state, text('apps:which_outlook'));
  if (event.type === 'text') return badAnswer(state, howToAnswer(state, 'apps:invalid'));
  return staleChoice(state, event);
}

/** The steps of `app` for the report's fixes, then the report's next question. */
export function showAppSteps(state: ConversationState, app: AppId, from: AppAnswer['from']): Transition {
  const next: ConversationState = { ...state, app: { id: app, from } };
  const message = state.report ? appStepsMessage(app, state.report, state.language) : undefined;
  const effects: Effect[] = [{ type: 'remember_app', app, user: state.user }];
  if (message) effects.push(say(message));
  return moveTo(next, 'report', ...effects);
}

/**
 * A reply at any question that names the app ("alice@acme.com, on my iPhone") is kept, so the
 * question is not asked later; it wins over an app remembered from an earlier conversation.
 */
export function noticeAppNamed(state: ConversationState, reply: string): ConversationState {
  if (state.app && state.app.from !== 'remembered') return state;
  const named = appNamed(reply, { inPassing: true });
  return isAppId(named) && named !== state.app?.id ? { ...state, app: { id: named, from: 'said' } } : state;
}
