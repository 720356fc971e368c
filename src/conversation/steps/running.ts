import type { ConversationEvent } from '../events';
import type { ConversationState } from '../state';
import { refusalText } from '../limit-text';
import { stoppedOutcome } from '../outcome';
import { text } from '../text';
import { moveTo, say, sayPrivately, stay, type Transition } from '../transition';
import { showReport } from './report';
import { progress, stoppedProgress } from './run';
import { signInUnavailableNote, withServerSignIn } from './sign-in-offer';

/**
 * While a diagnosis runs: its progress, its end (the report), a failure or refusal. Apart from
 * startRun (run.ts) so that the report step, which starts runs again, and this step, which
 * shows the report, do not import each other.
 */
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
      // The progress is this run's: a side-by-side report's earlier password checks stay in the report.
      const own = event.ownRun ?? event.report;
      const finished: ConversationState = withServerSignIn({ ...state, run: { ...run, checks: own.checks }, report: event.report }, event);
      if (event.reportId) finished.reportId = event.reportId;
      else delete finished.reportId;
      const outage = event.knownOutage;
      if (outage) finished.outageKnown = true;
      else delete finished.outageKnown;
      const known = outage ? [say(text('watch:outage.known', { server: outage.server, cause: text(`causes:${outage.cause}.title`), count: outage.reports }))] : [];
      return showReport(finished, progress(finished, true, own.durationMs), ...known, ...signInUnavailableNote(finished));
    }
    case 'diagnosis_failed':
      // The bot's fault, said as such: the progress stops saying "checking", the user hears
      // whose problem it is and what to do; the error itself is in the log, not in the chat.
      if (!run || event.runId !== run.id) return stay(state);
      return moveTo(state, 'report', stoppedProgress(state, text('conversation:run.stopped')), say(text('conversation:run.failed')), stoppedOutcome('failed'));
    case 'diagnosis_refused': {
      // Why is for the user alone; the thread only sees that the check did not start.
      if (!run || event.runId !== run.id) return stay(state);
      const why = event.refusal ? [sayPrivately(refusalText(event.refusal))] : [];
      return moveTo({ ...state, limited: true }, 'report', stoppedProgress(state, text('chat:run.not_started')), ...why, stoppedOutcome('not_started'));
    }
    case 'diagnosis_interrupted':
      // Never a silent "still running": the user hears what happened and can run it again.
      if (!run || event.runId !== run.id) return stay(state);
      return moveTo(state, 'report', say(text('store:interrupted')), stoppedOutcome('interrupted'));
    case 'text':
    case 'choice':
      return stay(state, say(text('conversation:run.still_running')));
    default:
      return stay(state);
  }
}
