import type { ConversationEvent } from '../events';
import { completeServer, inferSide } from '../parse/complete-server';
import { pickChoice } from '../parse/parse-choice';
import { parseServerSpec } from '../parse/parse-server';
import { choicesFor } from '../questions';
import { settingsText } from '../settings-text';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, say, type Transition } from '../transition';
import { askScope } from './scope';
import { serverProblemText } from './server-problems';
import { staleChoice } from './stale';

/** "Does your app use these settings?": yes / I'll enter mine / I don't know, or a typed server. */
export function onConfirmSettings(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  switch (picked) {
    case 'expected':
      return askScope({ ...state, appUses: 'expected' });
    case 'unknown':
      return askScope({ ...state, appUses: 'unknown' }, say(text('conversation:confirm.unknown_ok')));
    case 'own':
      return askScope({ ...state, appUses: 'own' });
  }
  if (event.type !== 'text') return staleChoice(state, event);
  return typedServer(state, event.text);
}

/** The user typed the server their app uses instead of answering yes or no. */
function typedServer(state: ConversationState, reply: string): Transition {
  const parsed = parseServerSpec(reply);
  if (!parsed.ok) return badAnswer(state, text('conversation:confirm.invalid'));
  const side = inferSide(parsed.spec);
  if (!side) return badAnswer(state, text('conversation:server.which_side'));
  const completed = completeServer(parsed.spec, side, state.expected?.[side]?.host);
  if (!completed.ok) return badAnswer(state, serverProblemText(completed.problem, side));
  const next: ConversationState = {
    ...state,
    appUses: 'own',
    settings: { ...state.settings, [side]: completed.settings },
    provided: [...state.provided.filter((s) => s !== side), side],
  };
  return askScope(next, say(text('conversation:server.noted', { settings: settingsText(completed.settings) })));
}
