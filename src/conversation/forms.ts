import type { Protocol, Security, ServerSettings, Target } from '../settings/server-settings';
import type { Choice, FormField, FormSpec } from './effects';
import { securityText } from './settings-text';
import type { Capabilities } from './state';
import { lines, text } from './text';

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

/** The form for one side's settings, prefilled with what is known. Four fields at most. */
export function serverForm(side: Target, initial?: ServerSettings): FormSpec {
  const fields: FormField[] = [];
  if (side === 'incoming') {
    fields.push(field('protocol', 'conversation:form.protocol', 'choice', { options: PROTOCOL_OPTIONS, initial: initial?.protocol ?? 'imap' }));
  }
  fields.push(
    field('host', 'conversation:form.host', 'text', {
      placeholder: text(side === 'incoming' ? 'conversation:form.host_placeholder_incoming' : 'conversation:form.host_placeholder_outgoing'),
      maxLength: 253,
      ...(initial ? { initial: initial.host } : {}),
    }),
    field('port', 'conversation:form.port', 'text', {
      placeholder: text(side === 'incoming' ? 'conversation:form.port_placeholder_incoming' : 'conversation:form.port_placeholder_outgoing'),
      maxLength: 5,
      ...(initial ? { initial: String(initial.port) } : {}),
    }),
    field('security', 'conversation:form.security', 'choice', { options: SECURITY_OPTIONS, ...(initial ? { initial: initial.security } : {}) }),
  );
  return {
    id: side,
    title: text(side === 'incoming' ? 'conversation:form.incoming_title' : 'conversation:form.outgoing_title'),
    submitLabel: text('conversation:form.submit'),
    fields,
  };
}

/**
 * The private login form: the only place a password is ever accepted. Where the form cannot hide
 * what is typed (chat modals), it says so plainly.
 */
export function loginForm(email: string | undefined, capabilities?: Pick<Capabilities, 'maskedForms'>): FormSpec {
  const privacy = text('conversation:login.privacy');
  return {
    id: 'login',
    title: text('conversation:form.login_title'),
    description: capabilities?.maskedForms ? privacy : lines(privacy, text('conversation:login.not_masked')),
    submitLabel: text('conversation:form.login_submit'),
    fields: [
      field('user', 'conversation:form.user', 'text', { maxLength: 254, ...(email ? { initial: email } : {}) }),
      field('password', 'conversation:form.password', 'secret', { maxLength: 1000 }),
    ],
  };
}
