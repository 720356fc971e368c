import type { Finding } from '../../diagnosis/report';
import type { Translate } from '../../i18n/translator';
import { documentCheck } from '../../report-document/check-lines';
import type { AskEffect, Choice, FormSpec, ProgressEffect } from '../effects';
import type { LocalizableFinding } from '../localizable-finding';
import { checkServerField, formProblems } from '../form-check';
import type { Text, TextValue } from '../text';
import type { MessageBlock, RenderedChoice, RenderedForm, RenderedProgress, RenderedQuestion } from './conversation-output';

/** A Text in the user's language, as paragraphs and code blocks. */
export function renderBlocks(t: Translate, message: Text): MessageBlock[] {
  if ('code' in message) return [{ kind: 'code', text: message.code }];
  if ('lines' in message) return message.lines.flatMap((line) => renderBlocks(t, line));
  return [{ kind: 'text', text: renderString(t, message) }];
}

/** A Text as one string (labels, titles): lines joined, code kept literal. */
export function renderString(t: Translate, message: Text): string {
  if ('code' in message) return message.code;
  if ('lines' in message) return message.lines.map((line) => renderString(t, line)).join('\n');
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) values[name] = renderValue(t, value);
  return t(message.key, values);
}

function renderValue(t: Translate, value: TextValue): string | number {
  return typeof value === 'object' ? renderString(t, value) : value;
}

export function renderChoice(t: Translate, choice: Choice): RenderedChoice {
  const rendered: RenderedChoice = { id: choice.id, label: renderString(t, choice.label) };
  if (choice.style) rendered.style = choice.style;
  return rendered;
}

export function renderQuestion(t: Translate, ask: AskEffect): RenderedQuestion {
  const question: RenderedQuestion = { message: renderBlocks(t, ask.question), choices: ask.choices.map((c) => renderChoice(t, c)) };
  if (ask.hint) question.hint = renderString(t, ask.hint);
  if (ask.choiceHint) {
    question.hint = t('conversation:common.choice_hint', { count: ask.choices.length });
    question.choiceHint = true;
  }
  if (ask.multiline) question.multiline = true;
  return question;
}

export function renderForm(t: Translate, form: FormSpec): RenderedForm {
  const rendered: RenderedForm = {
    id: form.id,
    title: renderString(t, form.title),
    submitLabel: renderString(t, form.submitLabel),
    fields: form.fields.map((field) => ({
      name: field.name,
      label: renderString(t, field.label),
      kind: field.kind,
      required: field.required,
      ...(field.placeholder ? { placeholder: renderString(t, field.placeholder) } : {}),
      ...(field.initial !== undefined ? { initial: field.initial } : {}),
      ...(field.options ? { options: field.options.map((o) => renderChoice(t, o)) } : {}),
      ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
    })),
  };
  if (form.description) rendered.description = renderString(t, form.description);
  if (form.id === 'incoming' || form.id === 'outgoing') {
    const side = form.id;
    rendered.checkField = (name, value) => {
      const problem = checkServerField(side, name, value);
      return problem ? renderString(t, problem) : undefined;
    };
  }
  return rendered;
}

export function renderProgress(t: Translate, progress: ProgressEffect): RenderedProgress {
  const rendered: RenderedProgress = { runId: progress.runId, title: renderString(t, progress.title), checks: progress.checks.map((c) => documentCheck(t, c)), done: progress.done };
  if (progress.stopped) rendered.stopped = true;
  return rendered;
}

/** The conversation's own findings, put into words like the engine's. */
export function renderFinding(t: Translate, finding: LocalizableFinding): Finding {
  const rendered: Finding = {
    cause: finding.cause,
    severity: finding.severity,
    target: finding.target,
    evidence: renderString(t, finding.evidence),
    facts: finding.facts,
  };
  if (finding.fix) rendered.fix = { summary: renderString(t, finding.fix.summary), steps: finding.fix.steps.map((s) => renderString(t, s)) };
  return rendered;
}

/**
 * What is wrong with a submitted form, by field, in the user's words (undefined: nothing): for
 * platforms that can show it on the field before the form closes (a Slack modal). The machine
 * checks the same again when the form arrives.
 */
export function renderFormProblems(t: Translate, formId: string, values: Record<string, unknown>): Record<string, string> | undefined {
  const problems = formProblems(formId, values);
  return problems ? Object.fromEntries(Object.entries(problems).map(([name, problem]) => [name, renderString(t, problem)])) : undefined;
}
