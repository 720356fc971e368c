import { LANGUAGES, matchLanguage } from '../i18n/translator';
import type { ConversationEvent } from './events';
import { IDLE_TIMEOUT_MS, MAX_REPLY_LENGTH } from './limits';
import { means } from './parse/answer-words';
import { normalizeReply } from './parse/normalize';
import { pickChoice } from './parse/parse-choice';
import { choicesFor, questionFor } from './questions';
import { type ConversationState, STATE_SCHEMA, type Step } from './state';
import { onAskOs, onAwaitClientOutput } from './steps/client-side';
import { onConfirmSettings } from './steps/confirm';
import { onDiscovering } from './steps/discovery';
import { onAskEmail } from './steps/email';
import { onLoginForm, onOfferLogin } from './steps/login';
import { onAskAppUnderReport, onReport } from './steps/report';
import { onRunning } from './steps/running';
import { onAskScope } from './steps/scope';
import { noticeAppNamed } from './steps/which-app';
import { onServerQuestion } from './steps/server-question';
import { onCheckingTargets } from './steps/target-check';
import { startConversation } from './steps/start';
import { closedOutcome } from './outcome';
import { lines, text } from './text';
import { badAnswer, finish, type MachineContext, say, sayPrivately, stay, type Transition } from './transition';
import { howToAnswer } from './typed-text';

type StepHandler = (state: ConversationState, event: ConversationEvent, ctx: MachineContext) => Transition;

const HANDLERS: Readonly<Record<Step, StepHandler>> = {
  ask_email: onAskEmail,
  discovering: onDiscovering,
  confirm_settings: onConfirmSettings,
  ask_scope: onAskScope,
  ask_incoming: onServerQuestion,
  ask_outgoing: onServerQuestion,
  checking_targets: onCheckingTargets,
  offer_login: onOfferLogin,
  login_form: onLoginForm,
  running: onRunning,
  report: onReport,
  ask_os: onAskOs,
  ask_app: onAskAppUnderReport,
  await_client_output: onAwaitClientOutput,
};

const APP_READING_STEPS = new Set<Step>(['login_form', 'ask_app', 'report', 'await_client_output']);

const USER_EVENTS = new Set<ConversationEvent['type']>(['text', 'choice', 'form_submitted', 'form_closed']);

/**
 * The conversation: `(state, event) -> (state, effects)`. Pure: no I/O, no clock, no randomness;
 * `state` is plain JSON and `undefined` when there is no conversation (never started, or over).
 */
export function transition(state: ConversationState | undefined, event: ConversationEvent, ctx: MachineContext): Transition {
  if (event.type === 'started') return startConversation(event, ctx, state);
  // A conversation stored by an older deploy (other schema, unknown step) cannot go on safely.
  if (!state || state.schema !== STATE_SCHEMA || !Object.hasOwn(HANDLERS, state.step)) return noConversation(event);
  const idle = ctx.now - state.lastActivityAt >= IDLE_TIMEOUT_MS;
  if (event.type === 'timed_out') return idle ? closeIdle(state) : stay(state);
  // A late notice about a run that is no longer the one running (another process got there first).
  if (event.type === 'diagnosis_interrupted' && (state.step !== 'running' || state.run?.id !== event.runId)) return stay(state);
  if (event.type === 'escalation_finished') {
    // Only the user asked: the thread keeps the report as its last public message (issue 20.7).
    return stay(state, sayPrivately(text(event.ok ? 'conversation:helpdesk.sent' : 'conversation:helpdesk.failed')));
  }
  if (idle && USER_EVENTS.has(event.type)) return closeIdle(state);
  let touched: ConversationState = { ...state, lastActivityAt: ctx.now };
  if (event.type === 'cancelled' || (event.type === 'choice' && event.choiceId === 'cancel')) {
    return finish(touched, text('conversation:common.cancelled'), ...closedOutcome(touched, 'cancelled'));
  }
  if (event.type === 'text') {
    const handled = commonReply(touched, event.text);
    if (handled) return handled;
    // The steps that read replies for an app themselves, and the password form, are left alone.
    if (!APP_READING_STEPS.has(touched.step)) touched = noticeAppNamed(touched, event.text);
  }
  return HANDLERS[touched.step](touched, event, ctx);
}

/** A button or form on a conversation that is over (timed out, cancelled, or from before a restart). */
function noConversation(event: ConversationEvent): Transition {
  // Thread replies are left alone: people go on talking in old threads, and a bot answering
  // every one of them would be noise. Buttons and forms were meant for the bot, so they get an answer.
  if (event.type === 'choice' || event.type === 'form_submitted') {
    return { state: undefined, effects: [say(text('conversation:common.no_conversation'))] };
  }
  return { state: undefined, effects: [] };
}

function closeIdle(state: ConversationState): Transition {
  return finish(state, text('conversation:common.idle_closed', { count: IDLE_TIMEOUT_MS / 60_000 }), ...closedOutcome(state, 'idle'));
}

/** Answers that mean the same at every question: cancel, help, a language switch, and unusable input. */
function commonReply(state: ConversationState, reply: string): Transition | undefined {
  const normalized = normalizeReply(reply);
  // "cancel", or the number of the Cancel button where the question shows one.
  if (means(normalized, 'cancel') || (/^\d{1,2}$/u.test(normalized) && pickChoice(normalized, choicesFor(state)) === 'cancel')) {
    return finish(state, text('conversation:common.cancelled'), ...closedOutcome(state, 'cancelled'));
  }
  // While the private form is open, any other reply may be a password: only the step itself looks at it.
  if (state.step === 'login_form') return undefined;
  if (state.step !== 'await_client_output' && reply.length > MAX_REPLY_LENGTH) {
    return badAnswer(state, text('conversation:common.too_long', { count: MAX_REPLY_LENGTH }));
  }
  if (normalized === '') return badAnswer(state, text('conversation:common.empty'));
  if (means(normalized, 'help')) return { state: { ...state, badAnswers: 0 }, effects: [say(howToAnswer(state, 'conversation:help.general')), ...questionFor(state)] };
  const languageSwitch = /^(?:lang|language|sprache|idioma|langue|língua|言語)\s+(\S+)$/u.exec(normalized);
  if (languageSwitch) return switchLanguage(state, languageSwitch[1] ?? '');
  return undefined;
}

function switchLanguage(state: ConversationState, code: string): Transition {
  const language = matchLanguage(code);
  if (!language) return badAnswer(state, text('conversation:language.unknown', { languages: LANGUAGES.join(', ') }));
  const next: ConversationState = { ...state, language, badAnswers: 0 };
  return { state: next, effects: [{ type: 'remember_language', language, user: state.user }, say(lines(text('conversation:language.changed'))), ...questionFor(next)] };
}
