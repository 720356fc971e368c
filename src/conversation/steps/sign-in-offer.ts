import type { DiscoveryResult } from '../../discovery/discovery-result';
import { CHOICES, type ChoiceDefinition } from '../choices';
import type { Effect } from '../effects';
import type { DiagnosisFinishedEvent } from '../events';
import type { ConversationState } from '../state';
import { type Text, text } from '../text';

/**
 * When the conversation offers the OAuth sign-in test: the account needs modern sign-in —
 * discovery says the provider takes no passwords, or a server refused the password with a
 * "basic authentication is disabled" answer — and the bot can run it here (the runner's
 * `signIn` offer: a configured provider, a place to show the code privately).
 */

/** Discovery's provider notes that mean "passwords will not do" (src/discovery/discovery-result TripUpKind). */
const MODERN_AUTH_NOTES = new Set(['oauth_only', 'basic_auth_disabled']);

/** The cause a server's answer to the password gives when basic authentication is off. */
const BASIC_AUTH_OFF = 'auth.basic_auth_disabled';

/** What discovery says about sign-in, kept for the login question. */
export function withDiscoveredSignIn(state: ConversationState, result: DiscoveryResult, offer: ConversationState['signIn']): ConversationState {
  const next: ConversationState = { ...state };
  if (offer) next.signIn = offer;
  const notes = [...(result.provider?.notes ?? []), ...(result.provider?.tripUps ?? []).map((t) => t.kind)];
  const oauthOnly = [...result.incoming, ...result.outgoing].some((c) => c.caveats?.includes('oauth_only'));
  if (oauthOnly || notes.some((n) => MODERN_AUTH_NOTES.has(n))) next.modernAuth = 'discovery';
  return next;
}

/** After a password run: a server that refused it as basic authentication makes the OAuth test the next step. */
export function withServerSignIn(state: ConversationState, event: DiagnosisFinishedEvent): ConversationState {
  if (state.run?.oauth || !event.signIn) return state;
  const next: ConversationState = { ...state, signIn: event.signIn };
  if (event.report.findings.some((f) => f.cause === BASIC_AUTH_OFF)) next.modernAuth = next.modernAuth ?? 'server';
  return next;
}

export function canSignIn(state: ConversationState): boolean {
  return state.signIn?.available === true && state.modernAuth !== undefined && !state.serverOnly;
}

/** "Sign in with Microsoft", first where it is offered. */
export function signInChoices(state: ConversationState): ChoiceDefinition[] {
  if (!canSignIn(state) || !state.signIn) return [];
  return [{ ...CHOICES.oauth, label: text('oauth:chat.choice', { provider: state.signIn.providerName }) }];
}

/** What the login question adds: the offer, or why the bot cannot test this sign-in. */
export function signInQuestionLine(state: ConversationState): Text | undefined {
  const offer = state.signIn;
  if (!offer || state.modernAuth === undefined) return undefined;
  if (offer.available) return text('oauth:chat.offer', { provider: offer.providerName });
  return text(`oauth:chat.unavailable_${offer.reason}`, { provider: offer.providerName });
}

/** Why the sign-in cannot be tested, said once under the report of a refused password. */
export function signInUnavailableNote(state: ConversationState): Effect[] {
  const offer = state.signIn;
  if (state.modernAuth !== 'server' || !offer || offer.available || state.run?.oauth) return [];
  // Built here rather than with transition's say(): questions.ts imports this file, and transition imports questions.
  return [{ type: 'say', text: text(`oauth:chat.unavailable_${offer.reason}`, { provider: offer.providerName }) }];
}
