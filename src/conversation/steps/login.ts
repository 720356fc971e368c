import type { ConversationEvent, FormSubmittedEvent } from '../events';
import { formProblems, typedValues } from '../form-check';
import { loginForm } from '../forms';
import { means } from '../parse/answer-words';
import { normalizeReply } from '../parse/normalize';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor } from '../questions';
import { asSecret } from '../secret';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, moveTo, say, type Transition } from '../transition';
import { startRun } from './run';
import { startSignIn } from './sign-in';
import { canSignIn } from './sign-in-offer';
import { staleChoice } from './stale';

/** "Test the login too?": only ever through the private form. */
export function onOfferLogin(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'oauth' && canSignIn(state)) return startSignIn(state);
  if (picked === 'login') return openLoginForm(state);
  if (picked === 'skip_login') return startRun(state);
  if (event.type === 'text') return badAnswer(state, text('conversation:login.invalid'));
  return staleChoice(state, event);
}

function openLoginForm(state: ConversationState): Transition {
  return { state: { ...state, step: 'login_form', badAnswers: 0 }, effects: [{ type: 'open_form', form: loginForm(state.email, state.capabilities, state.formDraft) }] };
}

/**
 * The private form is open. The only answers are the form itself, its buttons, or cancel. Any
 * other reply typed in the thread may be the password typed in the wrong place: it is never
 * parsed further, echoed, stored or logged, the platform is asked to hide it, and the user is
 * told to change the password because others may have seen it.
 */
export function onLoginForm(state: ConversationState, event: ConversationEvent): Transition {
  switch (event.type) {
    case 'form_submitted':
      return event.formId === 'login' ? submitted(state, event) : staleChoice(state, event);
    case 'form_closed':
      // Stay here: someone who closed the form may type the password into the chat next.
      return moveTo(state, 'login_form');
    case 'choice':
      if (event.choiceId === 'open_login_form' || event.choiceId === 'login') return openLoginForm(state);
      if (event.choiceId === 'skip_login') return startRun(state);
      return staleChoice(state, event);
    case 'text': {
      const picked = isExactButtonAnswer(event.text) ? pickChoice(event.text, choicesFor(state)) : undefined;
      if (picked === 'open_login_form') return openLoginForm(state);
      if (picked === 'skip_login') return startRun(state);
      const hide = event.messageId ? [{ type: 'hide_message' as const, messageId: event.messageId }] : [];
      return moveTo(state, 'login_form', ...hide, say(text('conversation:login.leaked')));
    }
    default:
      return staleChoice(state, event);
  }
}

/** Only a button's number or a one-word answer counts as an answer here; anything else may be a password. */
function isExactButtonAnswer(reply: string): boolean {
  const normalized = normalizeReply(reply);
  return /^[1-3]$/u.test(normalized) || means(normalized, 'skip') || means(normalized, 'form');
}

function submitted(state: ConversationState, event: FormSubmittedEvent): Transition {
  const password = asSecret(event.values.password);
  const userValue = event.values.user;
  // The user name is nearly always the address; an empty field means "the same as my address".
  const user = (typeof userValue === 'string' ? userValue.trim() : '') || state.email || '';
  const problems = formProblems('login', event.values);
  if (problems) {
    // The user name typed stays for the form's next opening; a password is never kept.
    const formDraft = { formId: 'login' as const, values: typedValues({ user: userValue }), problems };
    return moveTo({ ...state, formDraft }, 'login_form', say(text('conversation:login.empty_password')));
  }
  const { formDraft: _answered, ...rest } = state;
  return startRun(rest, { user, password });
}
