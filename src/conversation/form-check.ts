import type { Protocol, Security, Target } from '../settings/server-settings';
import { type CompleteProblem, completeServer } from './parse/complete-server';
import { parseServerSpec, type ServerParse, type ServerProblem } from './parse/parse-server';
import { asSecret, Secret } from './secret';
import { INCOMING_PROTOCOL_IDS, SECURITY_IDS } from './forms';
import { serverProblemText } from './steps/server-problems';
import { type Text, text } from './text';

/** What is wrong with a submitted form, by field name: shown on the field where the platform can. */
export type FormProblems = Record<string, Text>;

/**
 * One checker for every way a form is filled in: the console asks field by field (checkField),
 * a Slack modal is checked before it closes (Slack shows the words under the field and keeps
 * what was typed), and the machine checks every submission again, for the platforms that cannot
 * keep a modal open (Discord): then the answers wait in the conversation for the form's next opening.
 */
export function formProblems(formId: string, values: Record<string, unknown>): FormProblems | undefined {
  if (formId === 'incoming' || formId === 'outgoing') return serverFormProblems(formId, values);
  if (formId === 'login') return passwordOf(values).isEmpty ? { password: text('forms:password_required') } : undefined;
  return undefined;
}

function passwordOf(values: Record<string, unknown>): Secret {
  const value = values.password;
  return value instanceof Secret ? value : asSecret(typeof value === 'string' ? value : undefined);
}

/** The value typed into one text field of a server form, as it is entered. */
export function checkServerField(side: Target, name: string, value: string): Text | undefined {
  const trimmed = value.normalize('NFKC').trim();
  if (name === 'host') {
    if (trimmed === '') return serverProblemText({ code: 'empty' }, side);
    const parsed = parseServerSpec(trimmed);
    if (!parsed.ok) return serverProblemText(parsed.problem, side);
    if (!parsed.spec.host) return serverProblemText({ code: 'unknown_word', token: trimmed }, side);
  }
  if (name === 'port' && trimmed !== '') {
    const port = /^\d{1,5}$/u.test(trimmed) ? Number(trimmed) : 0;
    if (port < 1 || port > 65535) return serverProblemText({ code: 'bad_port', token: trimmed }, side);
  }
  return undefined;
}

/** Form values go through the same parser as typed replies, so both give the same errors. */
export function serverFromForm(values: Record<string, unknown>, side: Target): ServerParse {
  const host = typeof values.host === 'string' ? values.host.trim() : '';
  const port = typeof values.port === 'string' ? values.port.normalize('NFKC').trim() : '';
  if (host === '') return { ok: false, problem: { code: 'empty' } };
  const parsed = parseServerSpec(host);
  if (!parsed.ok) return parsed;
  if (!parsed.spec.host) return { ok: false, problem: { code: 'unknown_word', token: host } };
  if (port !== '') {
    const portNumber = /^\d{1,5}$/u.test(port) ? Number(port) : 0;
    if (portNumber < 1 || portNumber > 65535) return { ok: false, problem: { code: 'bad_port', token: port } };
    parsed.spec.port = portNumber;
  }
  const security = SECURITY_IDS.find((s) => s === values.security) as Security | undefined;
  const protocol = side === 'outgoing' ? 'smtp' : (INCOMING_PROTOCOL_IDS.find((p) => p === values.protocol) as Protocol | undefined);
  return { ok: true, spec: { ...parsed.spec, ...(security ? { security } : {}), ...(protocol ? { protocol } : {}) } };
}

/** Each field's own problem first (both at once: a bad host and a bad port); then the whole. */
function serverFormProblems(side: Target, values: Record<string, unknown>): FormProblems | undefined {
  const problems: FormProblems = {};
  for (const name of ['host', 'port'] as const) {
    const problem = checkServerField(side, name, typeof values[name] === 'string' ? values[name] : '');
    if (problem) problems[name] = problem;
  }
  if (Object.keys(problems).length > 0) return problems;
  const parsed = serverFromForm(values, side);
  const whole = parsed.ok ? completeServer(parsed.spec, side) : parsed;
  if (whole.ok) return undefined;
  return { [fieldOf(whole.problem)]: serverProblemText(whole.problem, side) };
}

/** A port problem shows on the port; everything else is about what was typed as the server. */
function fieldOf(problem: ServerProblem | CompleteProblem): string {
  return problem.code === 'bad_port' || problem.code === 'two_ports' ? 'port' : 'host';
}

/** The answers of a form as typed, to fill it in again: never a secret field. */
export function typedValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

