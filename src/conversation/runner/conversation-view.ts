import type { Language } from '../../i18n/translator';
import type { ConversationState } from '../state';

/**
 * What an adapter may know of a conversation, asked from the runner (`runner.conversation(key)`)
 * instead of read from the store: the stored state is the machine's, its shape may change.
 */
export interface ConversationView {
  /** The platform id of the person who asked: only they may answer in a shared place. */
  ownerId: string;
  language: Language;
  /** A diagnosis or the settings search runs: a cancel (Ctrl-C) stops it. */
  working: boolean;
}

export function viewOf(state: ConversationState | undefined): ConversationView | undefined {
  if (!state) return undefined;
  return { ownerId: state.user.id, language: state.language, working: state.step === 'running' || state.step === 'discovering' };
}

/**
 * The owner when the conversation belongs to someone else than `userId`: in a public thread
 * anyone can press its buttons, but only the person who asked may answer. No conversation is
 * nobody's (undefined).
 */
export function otherOwner(view: ConversationView | undefined, userId: string): string | undefined {
  return view !== undefined && view.ownerId !== userId ? view.ownerId : undefined;
}
