import type { TargetRefusal } from '../../diagnosis/check-targets';
import type { RefusalReason } from '../../policy/target-policy';
import type { Effect } from '../effects';
import type { ConversationEvent } from '../events';
import type { ConversationState } from '../state';
import { lines, type Text, text } from '../text';
import { moveTo, say, stay, type Transition } from '../transition';
import { startRun } from './run';
import { runSettings, sidesOf } from './run-settings';

/** Literal keys, so the locale check sees each one used. */
const REASONS: Readonly<Record<Exclude<RefusalReason, 'port_not_allowed'>, string>> = {
  loopback: 'targets:reason.loopback',
  private: 'targets:reason.private',
  link_local: 'targets:reason.link_local',
  cloud_metadata: 'targets:reason.cloud_metadata',
  carrier_nat: 'targets:reason.carrier_nat',
  multicast: 'targets:reason.multicast',
  unspecified: 'targets:reason.unspecified',
  reserved: 'targets:reason.reserved',
  not_an_address: 'targets:reason.not_an_address',
};

/**
 * The settings are complete: before the sign-in question, ask whether the bot may connect to
 * them at all (the server resolved, the target policy applied), so nobody is asked for a password
 * for a server the bot then refuses.
 */
export function checkTargetsBeforeLogin(state: ConversationState, ...before: Effect[]): Transition {
  const requestId = state.requestId + 1;
  const next: ConversationState = { ...state, step: 'checking_targets', requestId, badAnswers: 0 };
  return { state: next, effects: [...before, { type: 'check_targets', requestId, settings: runSettings(next) }] };
}

export function onCheckingTargets(state: ConversationState, event: ConversationEvent): Transition {
  switch (event.type) {
    case 'targets_checked':
      if (event.requestId !== state.requestId) return stay(state);
      return afterCheck(state, event.refusals);
    case 'text':
    case 'choice':
      return stay(state, say(text('targets:still_checking')));
    default:
      return stay(state);
  }
}

/**
 * Nothing refused: the sign-in question. Some sides refused: say which and why, and offer the
 * sign-in for the others only. Every side refused: no sign-in at all; the check runs without it
 * and its report explains the refusal.
 */
function afterCheck(state: ConversationState, refusals: readonly TargetRefusal[]): Transition {
  if (refusals.length === 0) return moveTo(state, 'offer_login');
  const refused = new Set(refusals.map((r) => r.target));
  const allowed = sidesOf(state.scope).flatMap((side) => {
    const server = state.settings[side];
    return server && !refused.has(side) ? [`${server.host}:${server.port}`] : [];
  });
  const said = say(refusalNotice(refusals, allowed));
  return allowed.length === 0 ? startRun(state, undefined, said) : moveTo(state, 'offer_login', said);
}

/**
 * Which servers the bot will not contact and why, what an admin can do, and what that means for
 * the sign-in: tested on the allowed servers only, or not asked for at all. The CLI says the same.
 */
export function refusalNotice(refusals: readonly TargetRefusal[], allowedServers: readonly string[]): Text {
  const sign = allowedServers.length === 0 ? text('targets:no_login') : text('targets:login_only', { servers: allowedServers.join(', ') });
  return lines(...refusals.map(refusalText), text('targets:admin'), sign);
}

function refusalText(refusal: TargetRefusal): Text {
  const server = `${refusal.host}:${refusal.port}`;
  if (refusal.reason === 'port_not_allowed' || refusal.address === undefined) return text('targets:refused_port', { server, port: refusal.port });
  const reason = text(REASONS[refusal.reason as keyof typeof REASONS] ?? REASONS.reserved);
  return refusal.address === refusal.host
    ? text('targets:refused_literal', { server, address: refusal.address, reason })
    : text('targets:refused_address', { server, host: refusal.host, address: refusal.address, reason });
}
