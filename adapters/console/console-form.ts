import { labelled } from '../../src/i18n/labelled';
import type { Translate } from '../../src/i18n/translator';
import type { RenderedField, RenderedForm } from '../../src/conversation/runner/conversation-output';
import { Secret } from '../../src/conversation/secret';
import { numbered } from './console-output';
import type { Terminal } from './terminal';

/** What a filled-in form gives back: values (secrets wrapped), or closed with /back. */
export type FormOutcome = { kind: 'submitted'; values: Record<string, string | Secret> } | { kind: 'closed' } | { kind: 'end_of_input' };

const CLOSE_FORM = '/back';

/**
 * A private form as terminal prompts, one field at a time. A secret field is read without
 * echo at a TTY; its value goes straight into a Secret and is never printed.
 */
export async function fillForm(terminal: Terminal, form: RenderedForm, t: Translate): Promise<FormOutcome> {
  const intro = [`— ${form.title} —`];
  if (form.description) intro.push(form.description);
  intro.push(t('console:form_back', { command: CLOSE_FORM }));
  terminal.write(intro.join('\n'));
  const values: Record<string, string | Secret> = {};
  for (const field of form.fields) {
    const answer = await askField(terminal, field, t, form.checkField);
    if (answer.kind !== 'value') return answer;
    values[field.name] = answer.value;
  }
  return { kind: 'submitted', values };
}

type FieldAnswer = { kind: 'value'; value: string | Secret } | { kind: 'closed' } | { kind: 'end_of_input' };

async function askField(terminal: Terminal, field: RenderedField, t: Translate, check?: RenderedForm['checkField']): Promise<FieldAnswer> {
  if (field.kind === 'choice' && field.options) terminal.write(`${labelled(t, field.label)}\n${numbered(field.options)}`);
  const initial = field.initial !== undefined ? optionLabel(field, field.initial) : undefined;
  const prompt = `${labelled(t, `${field.kind === 'choice' ? t('console:choose') : field.label}${initial ? ` [${initial}]` : ''}${field.kind === 'secret' ? ` ${t('console:hidden')}` : ''}`)} `;
  for (;;) {
    const line = await terminal.readLine({ prompt, secret: field.kind === 'secret' });
    if (line === undefined) return { kind: 'end_of_input' };
    if (line.trim() === CLOSE_FORM) return { kind: 'closed' };
    if (field.kind === 'secret') {
      // An empty password is asked again, not sent to the server as a failed sign-in.
      if (line === '' && field.required) {
        terminal.write(t('console:required'));
        continue;
      }
      return { kind: 'value', value: new Secret(line) };
    }
    const value = line.trim() === '' ? (field.initial ?? '') : line.trim();
    if (field.kind === 'choice') {
      const option = pickOption(field, value);
      if (option !== undefined) return { kind: 'value', value: option };
      terminal.write(t('console:pick_number', { count: field.options?.length ?? 0 }));
      continue;
    }
    if (value === '' && field.required) {
      terminal.write(t('console:required'));
      continue;
    }
    // Checked now, so a wrong port is said at once and the fields already right are kept.
    const problem = check?.(field.name, value);
    if (problem) {
      terminal.write(problem);
      continue;
    }
    return { kind: 'value', value };
  }
}

function pickOption(field: RenderedField, value: string): string | undefined {
  const options = field.options ?? [];
  const byNumber = /^\d+$/u.test(value) ? options[Number(value) - 1] : undefined;
  const lower = value.toLowerCase();
  return (byNumber ?? options.find((o) => o.id === lower || o.label.toLowerCase() === lower))?.id;
}

function optionLabel(field: RenderedField, id: string): string {
  return field.options?.find((o) => o.id === id)?.label ?? id;
}
