import type { Language, Translate } from '../../i18n/translator';
import type { ConversationKey } from '../../store/conversation-key';
import type { ConversationState } from '../state';

/** What performing one transition's effects knows: whose conversation, in which language, in which state. */
export interface EffectContext {
  key: ConversationKey;
  id: string;
  t: Translate;
  language: Language;
  state: ConversationState | undefined;
}
