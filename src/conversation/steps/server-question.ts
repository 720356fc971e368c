import type { Target } from '../../settings/server-settings';
import type { ConversationEvent } from '../events';
import { formProblems, serverFromForm, typedValues } from '../form-check';
import { serverForm } from '../forms';
import { completeServer } from '../parse/complete-server';
import { pickChoice } from '../parse/parse-choice';
import { parseServerSpec, type ServerParse } from '../parse/parse-server';
import { choicesFor } from '../questions';
import { settingsText } from '../settings-text';
import type { ConversationState } from '../state';
import { lines, text } from '../text';
import { badAnswer, say, stay, type Transition } from '../transition';
import { continueAfterScope } from './scope';
import { serverProblemText } from './server-problems';
import { staleChoice } from './stale';

/** "Which incoming (outgoing) server does your app use?": typed, by form, or the expected one. */
export function onServerQuestion(state: ConversationState, event: ConversationEvent): Transition {
  const side: Target = state.step === 'ask_outgoing' ? 'outgoing' : 'incoming';
  const known = state.settings[side] ?? state.expected?.[side];
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'form') return stay(state, { type: 'open_form', form: serverForm(side, known, state.formDraft) });
  if (picked === 'use_expected' && state.expected?.[side]) return accept(state, side, { ok: true, spec: { ...state.expected[side] } });
  if (event.type === 'text') return accept(state, side, parseServerSpec(event.text));
  if (event.type === 'form_submitted' && event.formId === side) return submitted(state, side, event.values);
  if (event.type === 'form_closed') return stay(state);
  return staleChoice(state, event);
}

/**
 * A rejected form keeps what was typed in the conversation: its next opening is filled in with
 * it and says what was wrong (Discord cannot keep a modal open to show an error in it).
 */
function submitted(state: ConversationState, side: Target, values: Record<string, unknown>): Transition {
  const problems = formProblems(side, values);
  if (!problems) return accept(state, side, serverFromForm(values, side));
  return badAnswer({ ...state, formDraft: { formId: side, values: typedValues(values), problems } }, lines(...Object.values(problems), text('forms:kept')));
}

function accept(state: ConversationState, side: Target, parsed: ServerParse): Transition {
  if (!parsed.ok) return badAnswer(state, serverProblemText(parsed.problem, side));
  const completed = completeServer(parsed.spec, side, state.settings[side]?.host ?? state.expected?.[side]?.host);
  if (!completed.ok) return badAnswer(state, serverProblemText(completed.problem, side));
  const { formDraft: _answered, ...rest } = state;
  const next: ConversationState = {
    ...rest,
    settings: { ...state.settings, [side]: completed.settings },
    provided: [...state.provided.filter((s) => s !== side), side],
  };
  return continueAfterScope(next, say(text('conversation:server.noted', { settings: settingsText(completed.settings) })));
}
