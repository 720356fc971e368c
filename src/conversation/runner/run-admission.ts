import { QueueCancelledError, type Slot } from '../../policy/limits/concurrency-queue';
import type { DiagnosisLimits } from '../../policy/limits/diagnosis-limits';
import type { Requester } from '../../policy/limits/diagnosis-rate-limit';
import type { Refusal } from '../../policy/limits/limit-messages';

/**
 * One run's way through the limits: the rate windows, then a place in the global queue. The
 * run either gets its slot (and must release it when it ends), is refused with a reason the
 * user is told, or was stopped while it waited (cancel, the conversation ended).
 */
export type RunAdmission = { kind: 'granted'; slot: Slot; waited: boolean } | { kind: 'refused'; refusal: Refusal } | { kind: 'stopped' };

/** Slack team / Discord guild unknown: the platform counts as one workspace, the safe side. */
export const UNKNOWN_WORKSPACE = 'default';

/**
 * Waits for the run's turn. `onQueued` hears the place in line when the run has to wait and
 * each time it changes ("you are number N"); aborting `signal` leaves the line.
 */
export async function admitRun(
  limits: DiagnosisLimits,
  requester: Requester,
  signal: AbortSignal,
  onQueued: (position: number) => void,
): Promise<RunAdmission> {
  if (signal.aborted) return { kind: 'stopped' };
  const admission = await limits.admit(requester, {
    signal,
    onPosition: (position) => {
      if (position > 0) onQueued(position);
    },
  });
  if (!admission.admitted) return { kind: 'refused', refusal: admission };
  const { slot } = admission;
  // The queue reports changes only; the first place is read here.
  const waited = slot.position > 0;
  if (waited) onQueued(slot.position);
  try {
    await slot.granted;
    return { kind: 'granted', slot, waited };
  } catch (error) {
    if (!(error instanceof QueueCancelledError) || error.why === 'cancelled') return { kind: 'stopped' };
    // Turned away while waiting: shutdown, or waited past the queue's limit.
    return { kind: 'refused', refusal: { admitted: false, reason: error.why === 'closed' ? 'shutting_down' : 'queue_full' } };
  }
}
