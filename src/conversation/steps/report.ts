import type { Effect } from '../effects';
import type { ConversationEvent } from '../events';
import type { LocalizableFinding } from '../localizable-finding';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor, reportChoices } from '../questions';
import { asChoice } from '../choices';
import { serverList } from '../settings-text';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, finish, moveTo, stay, type Transition } from '../transition';
import { startRun } from './run';
import { runSettings } from './run-settings';
import { staleChoice } from './stale';

/**
 * Show the finished report. A chat user came with a problem, so when everything works from the
 * bot's network the report does not just say "all fine": it says the fault is likely on the
 * user's side (docs/architecture.md "Vantage point").
 */
export function showReport(state: ConversationState, ...before: Effect[]): Transition {
  const report = state.report;
  if (!report) return moveTo(state, 'report', ...before);
  if (report.verdict === 'problem') {
    const next: ConversationState = { ...state, step: 'report', badAnswers: 0, clientFindings: [] };
    return { state: next, effects: [...before, { type: 'report', report, extraFindings: [], actions: reportChoices(next).map(asChoice) }] };
  }
  // Everything works from here: say so, then offer the one command that tests the user's side.
  const clientFindings = [sideSuspected(state)];
  const next: ConversationState = { ...state, clientFindings };
  return moveTo(next, 'ask_os', ...before, { type: 'report', report, extraFindings: clientFindings, actions: [] });
}

export function sideSuspected(state: ConversationState): LocalizableFinding {
  const servers = serverList(runSettings(state));
  return {
    cause: 'client.side_suspected',
    severity: 'info',
    target: 'account',
    evidence: text('conversation:client_finding.side_suspected', { servers }),
    fix: {
      summary: text('conversation:client_finding.side_suspected_fix'),
      steps: [
        text('conversation:client_finding.side_suspected_step_settings'),
        text('conversation:client_finding.side_suspected_step_network'),
        text('conversation:client_finding.side_suspected_step_security'),
      ],
    },
    facts: { servers },
  };
}

/** After the report: run again, check another account, send to help desk, or done. */
export function onReport(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  switch (picked) {
    case 'again':
      return state.run?.withLogin ? moveTo(state, 'offer_login') : startRun(state);
    case 'another':
      return moveTo(anotherAccount(state), 'ask_email');
    case 'helpdesk':
      return escalate(state);
    case 'done':
      return finish(state, text('conversation:common.goodbye'));
  }
  if (event.type === 'text') return badAnswer(state, text('conversation:report.invalid'));
  return staleChoice(state, event);
}

function escalate(state: ConversationState): Transition {
  if (!state.report || !state.capabilities.helpDesk) return badAnswer(state, text('conversation:report.invalid'));
  const effect: Effect = { type: 'escalate', report: state.report, extraFindings: state.clientFindings, user: state.user, ...(state.reportId ? { reportId: state.reportId } : {}) };
  // "Sent" is said once the post has worked: see the escalation_finished event.
  return stay(state, effect);
}

function anotherAccount(state: ConversationState): ConversationState {
  const { email: _email, expected: _expected, appUses: _appUses, scope: _scope, run: _run, report: _report, clientOs: _os, ...rest } = state;
  return { ...rest, settings: {}, provided: [], serverOnly: false, clientFindings: [], badAnswers: 0 };
}
