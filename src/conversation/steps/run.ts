import type { AccountProvider } from '../../diagnosis/diagnose-request';
import type { DiagnoseEffect, Effect, ProgressEffect } from '../effects';
import type { Secret } from '../secret';
import { serverList } from '../settings-text';
import type { ConversationState } from '../state';
import { type Text, text } from '../text';
import type { Transition } from '../transition';
import { runSettings } from './run-settings';

/** Start a diagnosis. The credentials go into the effect only, never into the state. */
export function startRun(state: ConversationState, credentials?: { user: string; password: Secret }, ...before: Effect[]): Transition {
  const runId = state.requestId + 1;
  const next: ConversationState = {
    ...state,
    step: 'running',
    requestId: runId,
    badAnswers: 0,
    run: { id: runId, checks: [], withLogin: credentials !== undefined, ...(credentials ? { loginUser: credentials.user } : {}) },
    clientFindings: [],
  };
  delete next.report;
  delete next.limited;
  const settings = runSettings(next);
  const provider = accountProvider(next);
  const diagnose: DiagnoseEffect = { type: 'diagnose', runId, settings, ...(credentials ? { credentials } : {}), ...(provider ? { provider } : {}) };
  return { state: next, effects: [...before, progress(next, false), diagnose] };
}

/** The account's provider and sign-in as discovery and the OAuth offer named them, for the engine's fixes. */
export function accountProvider(state: ConversationState): AccountProvider | undefined {
  const provider: AccountProvider = {
    ...(state.expected?.providerId ? { id: state.expected.providerId } : {}),
    ...(state.expected?.provider ? { name: state.expected.provider } : {}),
    ...(state.signIn ? { signInName: state.signIn.providerName } : {}),
  };
  return Object.keys(provider).length > 0 ? provider : undefined;
}

/** The progress message once the run ended without a report: says so, keeps the checks it did. */
export function stoppedProgress(state: ConversationState, title: Text): ProgressEffect {
  const run = state.run ?? { id: 0, checks: [], withLogin: false };
  return { type: 'progress', runId: run.id, title, checks: run.checks, done: true, stopped: true };
}

/** The progress message of the state's run: still checking, or finished with the run's own checks. */
export function progress(state: ConversationState, done: boolean, durationMs = 0): ProgressEffect {
  const run = state.run ?? { id: 0, checks: [], withLogin: false };
  const title = done
    ? text('conversation:run.finished', { count: run.checks.length, seconds: durationMs / 1000 })
    : text('conversation:run.checking', { servers: serverList(runSettings(state)) || (state.email?.split('@')[1] ?? '') });
  return { type: 'progress', runId: run.id, title, checks: run.checks, done };
}
