import type { types } from '@slack/bolt';
import type { RenderedField, RenderedForm, RenderedLoginLink } from '../../../src/conversation/runner/conversation-output';
import { Secret } from '../../../src/conversation/secret';
import { FORM_CALLBACK, SECURE_LINK_ACTION } from '../action-ids';
import { BLOCK_LIMITS, type KnownBlock, type ModalView, mrkdwn, plain, section } from './block-kit';

/** What the modal carries back on submit, in `private_metadata` (Slack returns it unchanged). */
export interface FormMetadata {
  channel: string;
  thread: string;
  formId: string;
  /** Fields whose values must be wrapped in Secret the moment they arrive. */
  secrets: string[];
}

export interface FormWords {
  close: string;
}

const FIELD_BLOCK_PREFIX = 'field_';

export function formView(form: RenderedForm, metadata: FormMetadata, words: FormWords): ModalView {
  const blocks: KnownBlock[] = [];
  // The conversation words the description; for the login form it says that Slack cannot hide the field.
  if (form.description) blocks.push(section(mrkdwn(form.description)));
  blocks.push(...form.fields.map(inputBlock));
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    notify_on_close: true,
    title: plain(form.title, BLOCK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, BLOCK_LIMITS.modalTitle),
    close: plain(words.close, BLOCK_LIMITS.modalTitle),
    blocks: blocks.slice(0, BLOCK_LIMITS.modalBlocks),
  };
}

function inputBlock(field: RenderedField): types.InputBlock {
  return {
    type: 'input',
    block_id: `${FIELD_BLOCK_PREFIX}${field.name}`,
    optional: !field.required,
    label: plain(field.label, BLOCK_LIMITS.inputLabel),
    element: field.kind === 'choice' ? selectElement(field) : textElement(field),
  };
}

function textElement(field: RenderedField): types.PlainTextInput {
  const element: types.PlainTextInput = { type: 'plain_text_input', action_id: field.name };
  if (field.maxLength !== undefined) element.max_length = Math.min(field.maxLength, BLOCK_LIMITS.plainTextInputMax);
  if (field.placeholder) element.placeholder = plain(field.placeholder, BLOCK_LIMITS.placeholder);
  // A secret is never prefilled, whatever the form says.
  if (field.initial && field.kind !== 'secret') element.initial_value = field.initial;
  return element;
}

function selectElement(field: RenderedField): types.StaticSelect {
  const options = (field.options ?? []).map((o) => ({ text: plain(o.label, BLOCK_LIMITS.optionText), value: o.id.slice(0, BLOCK_LIMITS.optionValue) }));
  const element: types.StaticSelect = { type: 'static_select', action_id: field.name, options };
  const initial = options.find((o) => o.value === field.initial);
  if (initial) element.initial_option = initial;
  if (field.placeholder) element.placeholder = plain(field.placeholder, BLOCK_LIMITS.placeholder);
  return element;
}

/** The view state Slack sends on submit, reduced to what we read from it. */
export type ViewStateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>>;

/** Field values by name; secret fields wrapped in Secret at once, so nothing downstream can print them. */
export function readFormValues(values: ViewStateValues, secrets: readonly string[]): Record<string, string | Secret> {
  const read: Record<string, string | Secret> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    if (!blockId.startsWith(FIELD_BLOCK_PREFIX)) continue;
    const name = blockId.slice(FIELD_BLOCK_PREFIX.length);
    const action = actions[name];
    if (!action) continue;
    const value = action.selected_option?.value ?? action.value ?? '';
    read[name] = secrets.includes(name) ? new Secret(value) : value;
  }
  return read;
}

/** Problems by field name as Slack's modal errors, which it shows under each input block. */
export function fieldErrors(problems: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([name, problem]) => [`${FIELD_BLOCK_PREFIX}${name}`, problem]));
}

export function readMetadata(raw: string | undefined): FormMetadata | undefined {
  try {
    const parsed = JSON.parse(raw ?? '') as Partial<FormMetadata>;
    if (typeof parsed.channel !== 'string' || typeof parsed.thread !== 'string' || typeof parsed.formId !== 'string') return undefined;
    return { channel: parsed.channel, thread: parsed.thread, formId: parsed.formId, secrets: Array.isArray(parsed.secrets) ? parsed.secrets.filter((s) => typeof s === 'string') : [] };
  } catch {
    return undefined;
  }
}

/**
 * The login "form" when the one-time page is configured: no password field in Slack at all,
 * only a private link (a modal is seen by its user alone) to a page that can mask it.
 */
export function loginLinkView(link: RenderedLoginLink, metadata: FormMetadata, close: string): ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    notify_on_close: false,
    title: plain(link.title, BLOCK_LIMITS.modalTitle),
    close: plain(close, BLOCK_LIMITS.modalTitle),
    blocks: [
      ...link.message.map((part) => section(mrkdwn(part.text))),
      { type: 'actions', elements: [{ type: 'button', action_id: SECURE_LINK_ACTION, style: 'primary', url: link.url, text: plain(link.buttonLabel, BLOCK_LIMITS.buttonLabel) }] },
    ],
  };
}

/** What a form submitted after its conversation ended turns into. */
export function endedView(title: string, text: string, close: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.modalTitle),
    close: plain(close, BLOCK_LIMITS.modalTitle),
    blocks: [section(mrkdwn(text))],
  };
}
