import {
  type APIModalInteractionResponseCallbackData,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitFields,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { RenderedField, RenderedForm } from '../../../src/conversation/runner/conversation-output';
import { Secret } from '../../../src/conversation/secret';
import type { Translate } from '../../../src/i18n/translator';
import type { ConversationKey } from '../../../src/store/conversation-key';
import { customId, fieldId, parseFieldId, START_MODAL_ID } from '../custom-ids';
import { clip } from './message-text';

/** Discord's modal limits: title and labels 45, placeholders 100, inputs 4,000, five components. */
const TITLE = 45;
const LABEL = 45;
const PLACEHOLDER = 100;
const INPUT = 4000;
const TEXT_DISPLAY = 4000;
const COMPONENTS = 5;
const OPTION = 100;

export type ModalData = APIModalInteractionResponseCallbackData;

/**
 * A conversation form as a modal: text fields as text inputs, choices as select menus, the
 * form's description as text above (for the login form: what happens to the password, and
 * that the field is not masked). A secret field is a plain text input, because Discord has
 * no masked one; its value is wrapped in a Secret as soon as it arrives.
 */
export function formModal(key: ConversationKey, form: RenderedForm): ModalData {
  const modal = new ModalBuilder().setCustomId(customId(key, { kind: 'form', formId: form.id })).setTitle(clip(form.title, TITLE));
  if (form.description && form.fields.length < COMPONENTS) modal.addTextDisplayComponents(new TextDisplayBuilder().setContent(clip(form.description, TEXT_DISPLAY)));
  modal.addLabelComponents(...form.fields.slice(0, COMPONENTS).map(fieldLabel));
  return modal.toJSON();
}

function fieldLabel(field: RenderedField): LabelBuilder {
  const label = new LabelBuilder().setLabel(clip(field.label, LABEL));
  if (field.kind === 'choice') {
    const select = new StringSelectMenuBuilder()
      .setCustomId(fieldId(field.name, false))
      .setRequired(field.required)
      .setMinValues(field.required ? 1 : 0)
      .setMaxValues(1)
      .addOptions((field.options ?? []).slice(0, 25).map((o) => ({ label: clip(o.label, OPTION), value: o.id, default: o.id === field.initial })));
    return label.setStringSelectMenuComponent(select);
  }
  const secret = field.kind === 'secret';
  const input = new TextInputBuilder()
    .setCustomId(fieldId(field.name, secret))
    .setStyle(TextInputStyle.Short)
    .setRequired(field.required)
    .setMaxLength(Math.min(field.maxLength ?? INPUT, INPUT));
  if (field.placeholder) input.setPlaceholder(clip(field.placeholder, PLACEHOLDER));
  // A secret is never prefilled: the bot does not have it, and must not show one.
  if (!secret && field.initial) input.setValue(clip(field.initial, Math.min(field.maxLength ?? INPUT, INPUT)));
  return label.setTextInputComponent(input);
}

/** For questions answered in words (an address, pasted command output): one big text box. */
export function answerModal(key: ConversationKey, t: Translate, hint?: string): ModalData {
  const modal = new ModalBuilder().setCustomId(customId(key, { kind: 'answer_modal' })).setTitle(clip(t('discord:answer.title'), TITLE));
  if (hint) modal.addTextDisplayComponents(new TextDisplayBuilder().setContent(clip(hint, TEXT_DISPLAY)));
  const input = new TextInputBuilder().setCustomId(fieldId('answer', false)).setStyle(TextInputStyle.Paragraph).setRequired(true).setMaxLength(INPUT);
  modal.addLabelComponents(new LabelBuilder().setLabel(clip(t('discord:answer.label'), LABEL)).setTextInputComponent(input));
  return modal.toJSON();
}

/** A bare `/mailhelp`: the first question (address or server) is a form, the command's first response. */
export function startModal(t: Translate): ModalData {
  const input = new TextInputBuilder()
    .setCustomId(fieldId('target', false))
    .setStyle(TextInputStyle.Short)
    .setRequired(true)
    .setMaxLength(254)
    .setPlaceholder(clip(t('discord:start.placeholder'), PLACEHOLDER));
  return new ModalBuilder()
    .setCustomId(START_MODAL_ID)
    .setTitle(clip(t('discord:start.title'), TITLE))
    .addLabelComponents(new LabelBuilder().setLabel(clip(t('discord:start.label'), LABEL)).setTextInputComponent(input))
    .toJSON();
}

/** The submitted values by field name; secret ones wrapped at once. Unknown fields are ignored. */
export function modalValues(fields: ModalSubmitFields): Record<string, string | Secret> {
  const values: Record<string, string | Secret> = {};
  for (const [id, component] of fields.fields) {
    const field = parseFieldId(id);
    if (!field) continue;
    const raw = 'value' in component && typeof component.value === 'string' ? component.value : 'values' in component && Array.isArray(component.values) ? String(component.values[0] ?? '') : '';
    values[field.name] = field.secret ? new Secret(raw) : raw;
  }
  return values;
}

/** The one text a text-answer modal carries (the answer modal, the start modal). */
export function modalText(fields: ModalSubmitFields, name: string): string {
  const value = modalValues(fields)[name];
  return typeof value === 'string' ? value : '';
}
