import type { Report } from '../../diagnosis/report';
import type { DiagnoseEffect } from '../effects';
import type { ConversationState } from '../state';
import { text } from '../text';
import type { Transition } from '../transition';
import { accountProvider, progress } from './run';
import { runSettings } from './run-settings';

/**
 * The OAuth sign-in test in the conversation (offered by ./sign-in-offer). The code, the token
 * and the polling live in the runner (runner/run-sign-in); the state only knows that an OAuth
 * run is under way, never the code or the token.
 */

/**
 * Start the OAuth test. After a password test of the same account, its report goes along, so
 * the result shows both ways in side by side.
 */
export function startSignIn(state: ConversationState): Transition {
  const offer = state.signIn;
  if (!offer?.available) return { state, effects: [] };
  const runId = state.requestId + 1;
  const previous: Report | undefined = state.run?.withLogin && !state.run.oauth ? state.report : undefined;
  const next: ConversationState = {
    ...state,
    step: 'running',
    requestId: runId,
    badAnswers: 0,
    run: { id: runId, checks: [], withLogin: true, oauth: true },
    clientFindings: [],
  };
  delete next.report;
  const diagnose: DiagnoseEffect = {
    type: 'diagnose',
    runId,
    settings: runSettings(next),
    signIn: { user: state.email ?? '', ...(state.expected?.providerId ? { discoveryId: state.expected.providerId } : {}), ...(previous ? { previous } : {}) },
  };
  const provider = accountProvider(next);
  if (provider) diagnose.provider = provider;
  const asking = { ...progress(next, false), title: text('oauth:chat.asking', { provider: offer.providerName }) };
  return { state: next, effects: [asking, diagnose] };
}
