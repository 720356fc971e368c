import type { Report } from '../diagnosis/report';
import type { Effect } from './effects';
import type { ConversationState, Step } from './state';
import { text, type TextValue } from './text';

/**
 * How a check ended, for the channel's root message ("✗ Incoming: Certificate expired — the fix
 * is in the thread"), so the channel can be read without opening threads. The words name a
 * cause and a side, never the user's address, domain or servers: the root is public.
 */
export function reportOutcome(report: Report): Effect {
  const worst = report.findings.find((f) => f.severity === 'error') ?? report.findings.find((f) => f.severity === 'warning');
  if (report.verdict === 'ok' || !worst) return outcome('conversation:outcome.ok');
  const cause = text(`causes:${worst.cause}.title`);
  if (report.verdict === 'warning') return outcome('conversation:outcome.warning', { cause });
  if (worst.target === 'account') return outcome('conversation:outcome.problem_account', { cause });
  return outcome('conversation:outcome.problem', { target: text(`report:target.${worst.target}`), cause });
}

const STOPPED = {
  failed: 'conversation:outcome.failed',
  not_started: 'conversation:outcome.not_started',
  interrupted: 'conversation:outcome.interrupted',
  cancelled: 'conversation:outcome.cancelled',
  idle: 'conversation:outcome.idle',
} as const;

/** The check stopped without a report (an error, a limit, a restart), or the conversation before one. */
export function stoppedOutcome(reason: keyof typeof STOPPED): Effect {
  return outcome(STOPPED[reason]);
}

/** Steps reached only once a run has ended: the root already says how, and keeps saying it. */
const AFTER_A_RUN = new Set<Step>(['report', 'ask_os', 'ask_app', 'await_client_output']);

/** A conversation closed by the user or by silence: the root says so unless it shows a result already. */
export function closedOutcome(state: ConversationState, reason: 'cancelled' | 'idle'): Effect[] {
  return AFTER_A_RUN.has(state.step) ? [] : [stoppedOutcome(reason)];
}

function outcome(key: string, values?: Record<string, TextValue>): Effect {
  return { type: 'outcome', text: text(key, values) };
}
