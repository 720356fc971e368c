import type { ConversationState } from './state';
import { type Text, type TextValue, text } from './text';

/**
 * A text that tells the user how to act: chats with buttons say "use the button", a surface
 * without buttons (the console) says which word or number to type instead. The adapter declares
 * which one it is in the start event's capabilities (`typedChoices`).
 */
export function howToAnswer(state: ConversationState, keys: { buttons: string; typed: string }, values?: Record<string, TextValue>): Text {
  return text(state.capabilities.typedChoices ? keys.typed : keys.buttons, values);
}
