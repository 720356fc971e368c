import { reportAsksForApp, reportNeedsAppSteps } from '../../app-steps/app-steps-message';
import { oauthWayIn } from '../../oauth/sign-in-report';
import { appNameKey, isAppId } from '../../app-steps/apps';
import { appNamed } from '../../app-steps/detect-app';
import type { Effect, ReportEffect } from '../effects';
import type { ConversationEvent } from '../events';
import type { LocalizableFinding } from '../localizable-finding';
import { pickChoice } from '../parse/parse-choice';
import { choicesFor } from '../questions';
import { reportChoices } from '../report-actions';
import { asChoice } from '../choices';
import { serverList } from '../settings-text';
import type { ConversationState } from '../state';
import { reportOutcome } from '../outcome';
import { text } from '../text';
import { badAnswer, moveTo, say, sayPrivately, stay, type Transition } from '../transition';
import { startRun } from './run';
import { startSignIn } from './sign-in';
import { canSignIn } from './sign-in-offer';
import { runSettings } from './run-settings';
import { staleChoice } from './stale';
import { beginDiscovery } from './discovery';
import { suggestedAddress } from './suggestion';
import { knownApp, onAskApp, showAppSteps } from './which-app';
import { howToAnswer } from '../typed-text';

/**
 * Show the finished report. A chat user came with a problem, so when everything works from the
 * bot's network the report does not just say "all fine": it says the fault is likely on the
 * user's side (docs/architecture.md "Vantage point"), unless an OAuth sign-in worked.
 */
export function showReport(state: ConversationState, ...before: Effect[]): Transition {
  const shown = reportTransition(state, ...before);
  // Once the thread has the report, the channel's root message says how the check ended.
  return state.report ? { ...shown, effects: [...shown.effects, reportOutcome(state.report)] } : shown;
}

function reportTransition(state: ConversationState, ...before: Effect[]): Transition {
  const report = state.report;
  if (!report) return moveTo(state, 'report', ...before);
  // A sign-in the bot made with OAuth is the verified answer (the app must switch to it), not
  // "the fault is on your side": the report comes with its actions, as a problem's does.
  if (report.verdict === 'problem' || oauthWayIn(report.findings)) {
    const next: ConversationState = { ...state, step: 'report', badAnswers: 0, clientFindings: [] };
    const shown: ReportEffect = { type: 'report', report, extraFindings: [], actions: reportChoices(next).map(asChoice) };
    if (!reportNeedsAppSteps(report)) return { state: next, effects: [...before, shown] };
    // The fix changes a setting: its steps in the user's app go under it, or "which app?" follows.
    const app = knownApp(state);
    // The report keeps its buttons: "which app?" is offered under it, not in its way.
    if (!state.app && reportAsksForApp(report)) return moveTo(next, 'ask_app', ...before, shown);
    if (!app) return { state: next, effects: [...before, shown] };
    const known: Effect = state.app?.from === 'remembered' ? say(text('apps:remembered', { app: text(appNameKey(app)) })) : { type: 'remember_app', app, user: state.user };
    return { state: next, effects: [...before, { ...shown, app }, known] };
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

/**
 * "Which app?" sits under the report, whose buttons still work: a report button (or its word,
 * "again", "done") goes to the report; numbers and everything else answer the app question.
 */
export function onAskAppUnderReport(state: ConversationState, event: ConversationEvent): Transition {
  const asReport: ConversationState = { ...state, step: 'report' };
  const reportIds = reportChoices(asReport).map((c) => c.id);
  const forReport =
    event.type === 'choice'
      ? reportIds.includes(event.choiceId)
      : event.type === 'text' && !/^\s*#?\d/u.test(event.text) && !appNamed(event.text) && pickChoice(event.text, reportChoices(asReport)) !== undefined;
  return forReport ? onReport(asReport, event) : onAskApp(state, event);
}

/** After the report: check again, check another account, send to help desk, show details, or close. */
export function onReport(state: ConversationState, event: ConversationEvent): Transition {
  const picked = event.type === 'choice' ? event.choiceId : event.type === 'text' ? pickChoice(event.text, choicesFor(state)) : undefined;
  switch (picked) {
    case 'again':
      if (state.run?.oauth && canSignIn(state)) return startSignIn(state);
      return state.run?.withLogin ? moveTo(state, 'offer_login') : startRun(state);
    case 'oauth':
      if (canSignIn(state)) return startSignIn(state);
      break;
    case 'another':
      return moveTo(anotherAccount(state), 'ask_email');
    case 'use_suggestion': {
      // "Did you mean alice@gmail.com?": that address, from discovery on, as if typed.
      const email = suggestedAddress(state);
      if (email) return beginDiscovery({ ...anotherAccount(state), email }, email);
      break;
    }
    case 'helpdesk':
      return escalate(state);
    case 'details':
      // The buttons stay: details do not answer "what next?".
      if (state.report) {
        const app = knownApp(state);
        return stay(state, { type: 'report_details', report: state.report, extraFindings: state.clientFindings, ...(app ? { app } : {}) });
      }
      break;
    case 'done':
      // The root already says how the check ended: the goodbye is for the user alone.
      return { state: undefined, effects: [sayPrivately(text('conversation:common.goodbye')), { type: 'end' }] };
  }
  if (event.type === 'text') {
    // "It's Thunderbird": the steps in that app, for this report's fixes.
    const named = state.report && reportNeedsAppSteps(state.report) ? appNamed(event.text) : undefined;
    if (isAppId(named)) return showAppSteps(state, named, 'said');
    if (named === 'outlook') return badAnswer(state, text('apps:which_outlook'));
    return badAnswer(state, howToAnswer(state, 'conversation:report.invalid'));
  }
  return staleChoice(state, event);
}

function escalate(state: ConversationState): Transition {
  if (!state.report || !state.capabilities.helpDesk) return badAnswer(state, howToAnswer(state, 'conversation:report.invalid'));
  const app = knownApp(state);
  const effect: Effect = {
    type: 'escalate',
    report: state.report,
    extraFindings: state.clientFindings,
    user: state.user,
    ...(state.reportId ? { reportId: state.reportId } : {}),
    ...(app ? { app } : {}),
  };
  // "Sent" is said once the post has worked: see the escalation_finished event.
  return stay(state, effect);
}

function anotherAccount(state: ConversationState): ConversationState {
  const { email: _email, expected: _expected, appUses: _appUses, scope: _scope, run: _run, report: _report, clientOs: _os, signIn: _signIn, modernAuth: _modern, ...rest } = state;
  return { ...rest, settings: {}, provided: [], serverOnly: false, clientFindings: [], badAnswers: 0 };
}
