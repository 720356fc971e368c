import { appInOutput } from '../../app-steps/detect-app';
import { assessClientOutput } from '../../diagnosis/client-output/assess-client-output';
import type { AccountSettings } from '../../settings/server-settings';
import { type ClientObservations, isEmpty } from '../../diagnosis/client-output/observations';
import { readClientOutput } from '../../diagnosis/client-output/read-client-output';
import { asChoice } from '../choices';
import { botViews } from '../client-side/bot-view';
import { clientClear, clientFinding } from '../client-side/client-findings';
import type { ConversationEvent } from '../events';
import { pastedOutput } from '../parse/pasted-output';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor } from '../questions';
import { reportChoices } from '../report-actions';
import { serverList } from '../settings-text';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, moveTo, type Transition } from '../transition';
import { runSettings } from './run-settings';
import { staleChoice } from './stale';

/** "Which system is your app on?": the command differs for Windows, macOS and Linux. */
export function onAskOs(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  if (picked === 'windows' || picked === 'macos' || picked === 'linux') return moveTo({ ...state, clientOs: picked }, 'await_client_output');
  if (picked === 'skip_client') return moveTo(state, 'report');
  if (event.type === 'text') return badAnswer(state, text('conversation:client.os_invalid'));
  return staleChoice(state, event);
}

/**
 * The user pastes what the command printed. It is read into findings about their side
 * (blocked port, failing or disagreeing DNS, a replaced certificate) and shown as a report.
 */
export function onAwaitClientOutput(state: ConversationState, event: ConversationEvent): Transition {
  const skipped = event.type === 'choice' ? event.choiceId === 'skip_client' : event.type === 'text' && pickChoice(event.text, choicesFor(state)) === 'skip_client';
  if (skipped) return moveTo(state, 'report');
  if (event.type !== 'text') return staleChoice(state, event);
  const observations = readClientOutput(pastedOutput(event.text));
  if (isEmpty(observations)) return badAnswer(state, text('conversation:client.unreadable'));
  const settings = runSettings(state);
  const assessments = assessClientOutput(observations, botViews(settings, state.report));
  const findings =
    assessments.length > 0
      ? assessments.map((a) => clientFinding(a, sideOf(settings, a.facts.host ?? a.facts.name, a.facts.port)))
      : [clientClear(coveredServers(observations, settings))];
  const next: ConversationState = { ...state, step: 'report', badAnswers: 0, clientFindings: findings };
  // The paste may show the app too (an Outlook Send/Receive error, Thunderbird's message).
  const shownApp = appInOutput(event.text);
  if (shownApp && (!next.app || next.app.from === 'remembered')) next.app = { id: shownApp, from: 'client_output' };
  if (!next.report) return moveTo(next, 'report');
  return { state: next, effects: [{ type: 'report', report: next.report, extraFindings: findings, actions: reportChoices(next).map(asChoice) }] };
}

/** The servers the paste shows output for ("…reaches X too" must not claim more than that). */
function coveredServers(observations: ClientObservations, settings: AccountSettings): string {
  const hosts = new Set([...observations.dns.map((o) => o.name), ...observations.tcp.map((o) => o.host)].filter((h) => h !== undefined));
  const ports = new Set(observations.tcp.map((o) => o.port).filter((p) => p !== undefined));
  const covered: AccountSettings = {};
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = settings[side];
    if (server && (hosts.has(server.host) || ports.has(server.port))) covered[side] = server;
  }
  return serverList(covered.incoming || covered.outgoing ? covered : settings);
}

function sideOf(settings: AccountSettings, host: string | number | undefined, port: string | number | undefined): 'incoming' | 'outgoing' | 'account' {
  for (const side of ['incoming', 'outgoing'] as const) {
    const server = settings[side];
    if (server && (server.port === port || server.host === host)) return side;
  }
  return 'account';
}
