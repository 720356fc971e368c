import type { Report } from '../../diagnosis/report';
import type { DiagnoseEffect, Effect, ProgressEffect } from '../effects';
import type { ConversationEvent } from '../events';
import type { Secret } from '../secret';
import { serverList } from '../settings-text';
import type { ConversationState } from '../state';
import { text } from '../text';
import { moveTo, say, stay, type Transition } from '../transition';
import { showReport } from './report';
import { runSettings } from './run-settings';

/** Start a diagnosis. The credentials go into the effect only, never into the state. */
export function startRun(state: ConversationState, credentials?: { user: string; password: Secret }, ...before: Effect[]): Transition {
  const runId = state.requestId + 1;
  const next: ConversationState = {
    ...state,
    step: 'running',
    requestId: runId,
    badAnswers: 0,
    run: { id: runId, checks: [], withLogin: credentials !== undefined },
    clientFindings: [],
  };
  delete next.report;
  const settings = runSettings(next);
  const diagnose: DiagnoseEffect = credentials ? { type: 'diagnose', runId, settings, credentials } : { type: 'diagnose', runId, settings };
  return { state: next, effects: [...before, progress(next, false), diagnose] };
}

function progress(state: ConversationState, done: boolean, report?: Report): ProgressEffect {
  const run = state.run ?? { id: 0, checks: [], withLogin: false };
  const title = done
    ? text('conversation:run.finished', { count: run.checks.length, seconds: (report?.durationMs ?? 0) / 1000 })
    : text('conversation:run.checking', { servers: serverList(runSettings(state)) });
  return { type: 'progress', runId: run.id, title, checks: report ? report.checks : run.checks, done };
}

export function onRunning(state: ConversationState, event: ConversationEvent): Transition {
  const run = state.run;
  switch (event.type) {
    case 'diagnosis_progress': {
      if (!run || event.runId !== run.id) return stay(state);
      const next: ConversationState = { ...state, run: { ...run, checks: [...run.checks, event.check] } };
      return stay(next, progress(next, false));
    }
    case 'diagnosis_finished': {
      if (!run || event.runId !== run.id) return stay(state);
      const finished: ConversationState = { ...state, run: { ...run, checks: event.report.checks }, report: event.report };
      if (event.reportId) finished.reportId = event.reportId;
      else delete finished.reportId;
      const outage = event.knownOutage;
      if (outage) finished.outageKnown = true;
      else delete finished.outageKnown;
      const known = outage ? [say(text('watch:outage.known', { server: outage.server, cause: text(`causes:${outage.cause}.title`), count: outage.reports }))] : [];
      return showReport(finished, progress(finished, true, event.report), ...known);
    }
    case 'diagnosis_failed':
      if (!run || event.runId !== run.id) return stay(state);
      return moveTo(state, 'report', say(text('conversation:run.failed', { reason: event.reason.slice(0, 300) })));
    case 'diagnosis_refused':
      // The user heard why (a limit); the next question lets them try again later.
      if (!run || event.runId !== run.id) return stay(state);
      return moveTo(state, 'report');
    case 'diagnosis_interrupted':
      // Never a silent "still running": the user hears what happened and can run it again.
      if (!run || event.runId !== run.id) return stay(state);
      return moveTo(state, 'report', say(text('store:interrupted')));
    case 'text':
    case 'choice':
      return stay(state, say(text('conversation:run.still_running')));
    default:
      return stay(state);
  }
}
