import type { ConversationKey } from '../../src/store/conversation-key';

/**
 * Buttons and modals carry the conversation they belong to in their custom id (at most 100
 * characters), so a click finds its conversation even after a restart, with no lookup table:
 *
 *   mh1:<channel>:<conversation>:c:<choice>   a choice button
 *   mh1:<channel>:<conversation>:a            "type your answer" (opens the answer modal)
 *   mh1:<channel>:<conversation>:t            the answer modal
 *   mh1:<channel>:<conversation>:m:<form>     a conversation form (modal)
 *   mh1:start                                 the first form of a bare /mailhelp
 *
 * `channel` is where /mailhelp was used, `conversation` the id of the interaction that started it.
 */
export const PLATFORM = 'discord';
const PREFIX = 'mh1';
const SNOWFLAKE = /^\d{1,20}$/u;
const NAME = /^[a-z][a-z_]{0,31}$/u;

export const START_MODAL_ID = `${PREFIX}:start`;

export type CustomIdAction = { kind: 'choice'; choiceId: string } | { kind: 'answer' } | { kind: 'answer_modal' } | { kind: 'form'; formId: string };

export type ParsedCustomId = { kind: 'start' } | { kind: 'conversation'; key: ConversationKey; action: CustomIdAction };

export function conversationKey(channelId: string, conversationId: string): ConversationKey {
  return { platform: PLATFORM, channel: channelId, thread: conversationId };
}

export function customId(key: ConversationKey, action: CustomIdAction): string {
  const base = `${PREFIX}:${key.channel}:${key.thread}`;
  switch (action.kind) {
    case 'choice':
      return `${base}:c:${action.choiceId}`;
    case 'answer':
      return `${base}:a`;
    case 'answer_modal':
      return `${base}:t`;
    case 'form':
      return `${base}:m:${action.formId}`;
  }
}

/** The conversation and action of a custom id, or undefined for ids that are not ours (or malformed). */
export function parseCustomId(id: string): ParsedCustomId | undefined {
  if (id === START_MODAL_ID) return { kind: 'start' };
  const [prefix, channel = '', thread = '', kind, name = ''] = id.split(':');
  if (prefix !== PREFIX || !SNOWFLAKE.test(channel) || !SNOWFLAKE.test(thread)) return undefined;
  const key = conversationKey(channel, thread);
  if (kind === 'c' && NAME.test(name)) return { kind: 'conversation', key, action: { kind: 'choice', choiceId: name } };
  if (kind === 'm' && NAME.test(name)) return { kind: 'conversation', key, action: { kind: 'form', formId: name } };
  if (kind === 'a' && name === '') return { kind: 'conversation', key, action: { kind: 'answer' } };
  if (kind === 't' && name === '') return { kind: 'conversation', key, action: { kind: 'answer_modal' } };
  return undefined;
}

/**
 * Field ids inside a modal say whether the value is secret (`s:`), so a submitted password is
 * wrapped in a `Secret` from the first moment without remembering which form was shown.
 */
export function fieldId(name: string, secret: boolean): string {
  return `${secret ? 's' : 'v'}:${name}`;
}

export function parseFieldId(id: string): { name: string; secret: boolean } | undefined {
  const match = /^([sv]):([A-Za-z_]{1,40})$/u.exec(id);
  return match ? { name: match[2] ?? '', secret: match[1] === 's' } : undefined;
}
