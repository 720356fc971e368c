import { type APIActionRowComponent, type APIButtonComponent, type APIComponentInMessageActionRow, type APIMessageTopLevelComponent, ButtonStyle, ComponentType } from 'discord.js';
import type { RenderedChoice } from '../../../src/conversation/runner/conversation-output';
import type { ConversationKey } from '../../../src/store/conversation-key';
import { customId } from '../custom-ids';
import { clip } from './message-text';

export type ButtonRow = APIActionRowComponent<APIComponentInMessageActionRow>;

const BUTTON_LABEL = 80;
const PER_ROW = 5;
const ROWS = 5;

const STYLE: Readonly<Record<NonNullable<RenderedChoice['style']> | 'default', ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary>> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

function button(id: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary | ButtonStyle.Success): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: id, label: clip(label, BUTTON_LABEL), style };
}

/** Buttons in rows of five (Discord's limit), at most five rows. */
export function rowsOf(buttons: APIButtonComponent[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < ROWS; i += PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + PER_ROW) });
  }
  return rows;
}

/** One button per choice; a "type your answer" button first when the question needs typed text. */
export function choiceButtons(key: ConversationKey, choices: readonly RenderedChoice[], answerLabel?: string): APIButtonComponent[] {
  const buttons = choices.map((c) => button(customId(key, { kind: 'choice', choiceId: c.id }), c.label, STYLE[c.style ?? 'default']));
  if (answerLabel) buttons.unshift(button(customId(key, { kind: 'answer' }), answerLabel, ButtonStyle.Primary));
  return buttons;
}

export function choiceButton(key: ConversationKey, choiceId: string, label: string): APIButtonComponent {
  return button(customId(key, { kind: 'choice', choiceId }), label, ButtonStyle.Primary);
}

export function linkRow(url: string, label: string): ButtonRow {
  return { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, url, label: clip(label, BUTTON_LABEL) }] };
}

/**
 * The rows of a message with every button disabled, the pressed one marked: what the user
 * answered stays visible and the question cannot be answered twice.
 */
export function answeredRows(components: readonly APIMessageTopLevelComponent[], pressedId?: string): APIMessageTopLevelComponent[] {
  return components.map((row) => {
    if (row.type !== ComponentType.ActionRow) return row;
    return {
      ...row,
      components: row.components.map((c) => {
        if (c.type !== ComponentType.Button || c.style === ButtonStyle.Link || c.style === ButtonStyle.Premium) return c;
        return { ...c, disabled: true, ...('custom_id' in c && c.custom_id === pressedId ? { style: ButtonStyle.Success } : {}) };
      }),
    };
  });
}
