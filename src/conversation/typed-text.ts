import type { ConversationState } from './state';
import { type Text, type TextValue, text } from './text';

/**
 * The texts that tell the user how to act, each with its wording for a surface without buttons
 * (the console): one table, so no caller picks the pair by hand. The keys are written out in
 * full as test/locales.test.ts finds used keys by their literal names.
 */
const TYPED_WORDING = {
  'conversation:help.general': 'conversation:help.general_typed',
  'conversation:login.form_waiting_hint': 'conversation:login.form_waiting_hint_typed',
  'conversation:client.paste_hint': 'conversation:client.paste_hint_typed',
  'conversation:report.invalid': 'conversation:report.invalid_typed',
  'apps:invalid': 'apps:invalid_typed',
} as const;

/**
 * A text that tells the user how to act: chats with buttons say "use the button", a surface
 * without buttons (the console) says which word or number to type instead. The adapter declares
 * which one it is in the start event's capabilities (`typedChoices`).
 */
export function howToAnswer(state: ConversationState, key: keyof typeof TYPED_WORDING, values?: Record<string, TextValue>): Text {
  return text(state.capabilities.typedChoices ? TYPED_WORDING[key] : key, values);
}
