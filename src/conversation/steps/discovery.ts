import type { DiscoveryResult } from '../../discovery/discovery-result';
import type { ConversationEvent } from '../events';
import type { ConversationState, ExpectedSettings } from '../state';
import { text } from '../text';
import { moveTo, say, sayStatus, stay, type Transition } from '../transition';
import { startRun } from './run';
import { askScope } from './scope';
import { withDiscoveredSignIn } from './sign-in-offer';

/** Ask discovery for the expected settings of the address. */
export function beginDiscovery(state: ConversationState, email: string): Transition {
  const requestId = state.requestId + 1;
  const domain = email.split('@')[1] ?? '';
  const next: ConversationState = { ...state, step: 'discovering', email, requestId, badAnswers: 0 };
  return {
    state: next,
    effects: [sayStatus(text('conversation:discovery.looking', { domain })), { type: 'discover', requestId, email }],
  };
}

export function onDiscovering(state: ConversationState, event: ConversationEvent): Transition {
  switch (event.type) {
    case 'discovery_finished':
      if (event.requestId !== state.requestId) return stay(state);
      return afterDiscovery(withDiscoveredSignIn(state, event.result, event.signIn), expectedFrom(event.result));
    case 'discovery_failed':
      if (event.requestId !== state.requestId) return stay(state);
      return askScope({ ...state, appUses: 'own' }, say(text('conversation:discovery.failed', { domain: domainOf(state) })));
    case 'text':
    case 'choice':
      return stay(state, say(text('conversation:discovery.still_looking')));
    default:
      return stay(state);
  }
}

function afterDiscovery(state: ConversationState, expected: ExpectedSettings): Transition {
  const withExpected: ConversationState = { ...state, expected };
  // The domain does not exist or DNS fails for it: the report says which (and "did you mean"),
  // the same report the CLI prints for the address alone.
  if (!expected.incoming && !expected.outgoing && expected.domainUnreadable) return startRun(withExpected);
  if (!expected.incoming && !expected.outgoing) {
    return askScope({ ...withExpected, appUses: 'own' }, say(text('conversation:discovery.nothing', { domain: expected.domain })));
  }
  return moveTo(withExpected, 'confirm_settings');
}

function expectedFrom(result: DiscoveryResult): ExpectedSettings {
  const expected: ExpectedSettings = { domain: result.domain };
  if (result.provider?.name) expected.provider = result.provider.name;
  if (result.provider?.id) expected.providerId = result.provider.id;
  const incoming = result.incoming[0]?.settings;
  const outgoing = result.outgoing[0]?.settings;
  if (incoming) expected.incoming = { ...incoming };
  if (outgoing) expected.outgoing = { ...outgoing };
  if (result.notFound && result.domainLookup && !result.domainLookup.ok) expected.domainUnreadable = true;
  return expected;
}

function domainOf(state: ConversationState): string {
  return state.email?.split('@')[1] ?? '';
}
