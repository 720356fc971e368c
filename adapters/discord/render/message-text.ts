import { escapeMarkdown } from 'discord.js';
import type { MessageBlock } from '../../../src/conversation/runner/conversation-output';

/** Discord's limit for a message's content. */
export const MESSAGE_CONTENT_LIMIT = 2000;

/** Cuts a text to `max` characters (code points), ending in an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * Blocks as Discord markdown. Text is escaped: it holds what users typed (an address with
 * underscores, a host with asterisks) and must read as typed. Commands go in code blocks,
 * with any ``` inside broken up so the block cannot be closed early.
 */
export function blocksToMarkdown(blocks: readonly MessageBlock[]): string {
  return blocks
    .map((block) => (block.kind === 'code' ? `\`\`\`\n${clip(block.text, MESSAGE_CONTENT_LIMIT).replace(/```/gu, '`\u200b``')}\n\`\`\`` : escaped(block.text, MESSAGE_CONTENT_LIMIT)))
    .join('\n');
}

/** Content for one message: markdown, cut to Discord's limit without leaving a code block open. */
export function messageContent(blocks: readonly MessageBlock[]): string {
  const text = blocksToMarkdown(blocks);
  if ([...text].length <= MESSAGE_CONTENT_LIMIT) return text;
  const cut = clip(text, MESSAGE_CONTENT_LIMIT - 4);
  const openFences = (cut.match(/```/gu) ?? []).length % 2 === 1;
  return openFences ? `${cut}\n\`\`\`` : cut;
}

/**
 * Escaped markdown, at most `max` characters. Cut before escaping: escapeMarkdown takes
 * quadratic time on long texts, and everything shown has a limit anyway.
 */
export function escaped(text: string, max: number): string {
  return clip(escapeMarkdown(clip(text, max)), max);
}

/** A title in bold: escaped, on one line. */
export function escapeTitle(text: string): string {
  return escapeMarkdown(text.replace(/\s*\n\s*/gu, ' '));
}
