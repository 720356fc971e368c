import type { Protocol, Security, Target } from '../../settings/server-settings';
import type { ConversationEvent } from '../events';
import { INCOMING_PROTOCOL_IDS, SECURITY_IDS, serverForm } from '../forms';
import { completeServer } from '../parse/complete-server';
import { pickChoice } from '../parse/parse-choice';
import { parseServerSpec, type ServerParse } from '../parse/parse-server';
import { choicesFor } from '../questions';
import { settingsText } from '../settings-text';
import type { ConversationState } from '../state';
import { type Text, text } from '../text';
import { badAnswer, say, stay, type Transition } from '../transition';
import { continueAfterScope } from './scope';
import { serverProblemText } from './server-problems';
import { staleChoice } from './stale';

/** "Which incoming (outgoing) server does your app use?": typed, by form, or the expected one. */
export function onServerQuestion(state: ConversationState, event: ConversationEvent): Transition {
  const side: Target = state.step === 'ask_outgoing' ? 'outgoing' : 'incoming';
  const known = state.settings[side] ?? state.expected?.[side];
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'form') return stay(state, { type: 'open_form', form: serverForm(side, known) });
  if (picked === 'use_expected' && state.expected?.[side]) return accept(state, side, { ok: true, spec: { ...state.expected[side] } });
  if (event.type === 'text') return accept(state, side, parseServerSpec(event.text));
  if (event.type === 'form_submitted' && event.formId === side) return accept(state, side, fromForm(event.values, side));
  if (event.type === 'form_closed') return stay(state);
  return staleChoice(state, event);
}

function accept(state: ConversationState, side: Target, parsed: ServerParse): Transition {
  if (!parsed.ok) return badAnswer(state, serverProblemText(parsed.problem, side));
  const completed = completeServer(parsed.spec, side, state.settings[side]?.host ?? state.expected?.[side]?.host);
  if (!completed.ok) return badAnswer(state, serverProblemText(completed.problem, side));
  const next: ConversationState = {
    ...state,
    settings: { ...state.settings, [side]: completed.settings },
    provided: [...state.provided.filter((s) => s !== side), side],
  };
  return continueAfterScope(next, say(text('conversation:server.noted', { settings: settingsText(completed.settings) })));
}

/**
 * One field of a server form, checked as it is entered (the console asks field by field): the
 * same rules as the whole form below, so a wrong port is said at once and what was right is kept.
 */
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
function fromForm(values: Record<string, unknown>, side: Target): ServerParse {
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
