import type { types } from '@slack/bolt';

/*
 * Block Kit's published limits (docs.slack.dev/reference/block-kit): a message holds at most
 * 50 blocks, a section's text 3,000 characters, a header 150, a button label 75, a modal title
 * 24. Slack rejects a message that breaks one with `invalid_blocks`, so every builder clips.
 */
export const BLOCK_LIMITS = {
  messageBlocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  sectionFields: 10,
  header: 150,
  buttonLabel: 75,
  buttonValue: 2000,
  contextElements: 10,
  modalTitle: 24,
  modalBlocks: 100,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  plainTextInputMax: 3000,
  /** The `text` of a message (the notification and screen-reader fallback). */
  messageText: 3000,
} as const;

export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type Button = types.Button;
export type PlainTextElement = types.PlainTextElement;

export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Slack's mrkdwn gives `&`, `<` and `>` a meaning (entities, links, mentions); text from the
 * conversation (an address a user typed, a server's banner) must show as typed.
 */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped, then clipped; clipping after escaping can never cut an entity in two visibly wrong. */
export function mrkdwn(value: string, max: number = BLOCK_LIMITS.sectionText): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clipEscaped(escapeMrkdwn(value), max) };
}

/** Text already in mrkdwn (our own markup around escaped parts), clipped to the limit. */
export function rawMrkdwn(value: string, max: number = BLOCK_LIMITS.sectionText): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clipEscaped(value, max) };
}

export function plain(value: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: clip(value, max), emoji: true };
}

/** Clips without leaving half an entity (`&am…`) at the end. */
function clipEscaped(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const open = cut.lastIndexOf('&');
  const trimmed = open >= 0 && !cut.slice(open).includes(';') ? cut.slice(0, open) : cut;
  return `${trimmed}…`;
}

export function section(text: types.MrkdwnElement): types.SectionBlock {
  return { type: 'section', text };
}

export function context(...texts: types.MrkdwnElement[]): types.ContextBlock {
  return { type: 'context', elements: texts.slice(0, BLOCK_LIMITS.contextElements) };
}
