import type { Effect } from './effects';
import { questionFor } from './questions';
import type { ConversationState, Step } from './state';
import { lines, type Text, text } from './text';

/** The result of one event: the next state (undefined when nothing is kept) and what to do. */
export interface Transition {
  state: ConversationState | undefined;
  effects: Effect[];
}

export interface MachineContext {
  /** Milliseconds since the epoch; passed in so the machine stays pure. */
  now: number;
}

export function say(message: Text): Effect {
  return { type: 'say', text: message };
}

/** Said to the user alone: in a thread others can read, what concerns only them stays private. */
export function sayPrivately(message: Text): Effect {
  return { type: 'say', text: message, private: true };
}

/** A status line ("Looking up the settings…") the next message takes the place of: one message, not two. */
export function sayStatus(message: Text): Effect {
  return { type: 'say', text: message, transient: true };
}

export function stay(state: ConversationState, ...effects: Effect[]): Transition {
  return { state, effects };
}

/** Go to a step and ask its question, after any effects given. */
export function moveTo(state: ConversationState, step: Step, ...before: Effect[]): Transition {
  const next: ConversationState = { ...state, step, badAnswers: 0 };
  return { state: next, effects: [...before, ...questionFor(next)] };
}

/** Explain what was wrong and ask the same question again: never a dead end. */
export function badAnswer(state: ConversationState, problem: Text): Transition {
  const next: ConversationState = { ...state, badAnswers: state.badAnswers + 1 };
  const stuck = next.badAnswers >= 3 ? text('conversation:common.stuck') : undefined;
  return { state: next, effects: [say(stuck ? lines(problem, stuck) : problem), ...questionFor(next)] };
}

/** Close the conversation with a last message; the runner then forgets its state. */
export function finish(state: ConversationState, message: Text, ...before: Effect[]): Transition {
  const cancelRun: Effect[] = state.step === 'running' && state.run ? [{ type: 'cancel_diagnosis', runId: state.run.id }] : [];
  return { state: undefined, effects: [...cancelRun, ...before, say(message), { type: 'end' }] };
}
