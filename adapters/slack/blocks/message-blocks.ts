import type { types } from '@slack/bolt';
import type { MessageBlock, RenderedChoice, RenderedQuestion } from '../../../src/conversation/runner/conversation-output';
import { CHOICES_BLOCK, choiceActionId, HINT_BLOCK, OPEN_FORM_ACTION } from '../action-ids';
import { BLOCK_LIMITS, type Button, clip, context, escapeMrkdwn, type KnownBlock, mrkdwn, plain, rawMrkdwn, section } from './block-kit';

/** A message as Slack wants it: blocks for the eye, `text` for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Paragraphs as sections, literals (a command to copy) as code blocks; Slack refuses empty ones. */
export function textBlocks(message: readonly MessageBlock[]): KnownBlock[] {
  return message.filter((part) => part.text.trim() !== '').map((part) =>
    part.kind === 'code' ? section(rawMrkdwn(`\`\`\`${escapeMrkdwn(part.text)}\`\`\``)) : section(mrkdwn(part.text)),
  );
}

export function fallbackText(message: readonly MessageBlock[]): string {
  return clip(message.map((part) => part.text).join('\n'), BLOCK_LIMITS.messageText);
}

export function sayMessage(message: readonly MessageBlock[]): SlackMessage {
  return { text: fallbackText(message), blocks: textBlocks(message) };
}

export function choiceButton(choice: RenderedChoice): Button {
  const button: Button = {
    type: 'button',
    action_id: choiceActionId(choice.id),
    text: plain(choice.label, BLOCK_LIMITS.buttonLabel),
    value: clip(choice.id, BLOCK_LIMITS.buttonValue),
  };
  if (choice.style) button.style = choice.style;
  return button;
}

/** One actions block holds at most 25 elements; the conversation offers five at most. */
export function choicesBlock(choices: readonly RenderedChoice[], blockId: string = CHOICES_BLOCK): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: choices.slice(0, 25).map(choiceButton) };
}

export function questionMessage(question: RenderedQuestion): SlackMessage {
  const blocks = textBlocks(question.message);
  if (question.choices.length > 0) blocks.push(choicesBlock(question.choices));
  if (question.hint) blocks.push({ ...context(mrkdwn(question.hint)), block_id: HINT_BLOCK });
  return { text: fallbackText(question.message), blocks };
}

/**
 * The question once answered: its buttons give way to a line saying what was picked and by
 * whom (none for a typed answer, which is in the thread itself), so nobody presses an old
 * button by mistake; how to answer is no longer needed.
 */
export function answeredBlocks(blocks: readonly KnownBlock[], answer?: string): KnownBlock[] {
  return blocks.flatMap((block): KnownBlock[] => {
    if (block.type === 'context' && block.block_id === HINT_BLOCK) return [];
    if (block.type === 'actions' && block.block_id === CHOICES_BLOCK) return answer === undefined ? [] : [context(rawMrkdwn(answer))];
    return [block];
  });
}

/** When a form cannot open at once (no fresh trigger id), a button that opens it. */
export function openFormMessage(prompt: string, buttonLabel: string): SlackMessage {
  return {
    text: prompt,
    blocks: [
      section(mrkdwn(prompt)),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: OPEN_FORM_ACTION, style: 'primary', text: plain(buttonLabel, BLOCK_LIMITS.buttonLabel), value: 'open' }],
      },
    ],
  };
}
