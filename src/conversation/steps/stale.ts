import type { ConversationEvent } from '../events';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, stay, type Transition } from '../transition';

/**
 * A button or form from an earlier question (or another step) was used: say so and ask the
 * current question again. Runner events that do not belong here are dropped quietly.
 */
export function staleChoice(state: ConversationState, event: ConversationEvent): Transition {
  if (event.type === 'choice' || event.type === 'form_submitted') return badAnswer(state, text('conversation:common.stale_choice'));
  return stay(state);
}
