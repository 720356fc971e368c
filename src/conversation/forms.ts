import type { Protocol, Security, ServerSettings, Target } from '../settings/server-settings';
import type { Choice, FormField, FormSpec } from './effects';
import { securityText } from './settings-text';
import type { Capabilities, FormDraft } from './state';
import { lines, type Text, text } from './text';

const SECURITY_OPTIONS: Choice[] = (['tls', 'starttls', 'none'] as const).map((s) => ({ id: s, label: securityText(s) }));
const PROTOCOL_OPTIONS: Choice[] = [
  { id: 'imap', label: text('conversation:form.protocol_imap') },
  { id: 'pop3', label: text('conversation:form.protocol_pop3') },
];

export const SECURITY_IDS: readonly Security[] = ['tls', 'starttls', 'none'];
export const INCOMING_PROTOCOL_IDS: readonly Protocol[] = ['imap', 'pop3'];

function field(name: string, labelKey: string, kind: FormField['kind'], extra: Partial<FormField> = {}): FormField {
  return { name, label: text(labelKey), kind, required: true, ...extra };
}

/**
 * The form for one side's settings, prefilled with what is known. Four fields at most. After a
 * rejected submission (`draft`), prefilled with what was typed instead, and saying what was wrong.
 */
export function serverForm(side: Target, initial?: ServerSettings, draft?: FormDraft): FormSpec {
  const typed = draft?.formId === side ? draft : undefined;
  const start: Record<string, string | undefined> = initial
    ? { protocol: initial.protocol, host: initial.host, port: String(initial.port), security: initial.security }
    : { protocol: 'imap' };
  const value = (name: string): { initial: string } | Record<string, never> => {
    const chosen = typed ? (typed.values[name] ?? start[name]) : start[name];
    return chosen !== undefined && chosen !== '' ? { initial: chosen } : {};
  };
  const fields: FormField[] = [];
  if (side === 'incoming') fields.push(field('protocol', 'conversation:form.protocol', 'choice', { options: PROTOCOL_OPTIONS, ...value('protocol') }));
  fields.push(
    field('host', 'conversation:form.host', 'text', {
      placeholder: text(side === 'incoming' ? 'conversation:form.host_placeholder_incoming' : 'conversation:form.host_placeholder_outgoing'),
      maxLength: 253,
      ...value('host'),
    }),
    field('port', 'conversation:form.port', 'text', {
      placeholder: text(side === 'incoming' ? 'conversation:form.port_placeholder_incoming' : 'conversation:form.port_placeholder_outgoing'),
      maxLength: 5,
      ...value('port'),
    }),
    field('security', 'conversation:form.security', 'choice', { options: SECURITY_OPTIONS, ...value('security') }),
  );
  return {
    id: side,
    title: text(side === 'incoming' ? 'conversation:form.incoming_title' : 'conversation:form.outgoing_title'),
    ...(typed ? { description: oneOrLines(Object.values(typed.problems)) } : {}),
    submitLabel: text('conversation:form.submit'),
    fields,
  };
}

/**
 * The private login form: the only place a password is ever accepted. Where the form cannot hide
 * what is typed (chat modals), it says so plainly.
 */
export function loginForm(email: string | undefined, capabilities?: Pick<Capabilities, 'maskedForms'>, draft?: FormDraft): FormSpec {
  const privacy = text('conversation:login.privacy');
  const typed = draft?.formId === 'login' ? draft : undefined;
  const user = typed?.values.user || email;
  return {
    id: 'login',
    title: text('conversation:form.login_title'),
    description: oneOrLines([...(typed ? Object.values(typed.problems) : []), privacy, ...(capabilities?.maskedForms ? [] : [text('conversation:login.not_masked')])]),
    submitLabel: text('conversation:form.login_submit'),
    fields: [
      field('user', 'conversation:form.user', 'text', { maxLength: 254, ...(user ? { initial: user } : {}) }),
      field('password', 'conversation:form.password', 'secret', { maxLength: 1000 }),
    ],
  };
}

function oneOrLines(parts: Text[]): Text {
  return parts.length === 1 && parts[0] ? parts[0] : lines(...parts);
}
