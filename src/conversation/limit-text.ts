import type { Refusal } from '../policy/limits/limit-messages';
import { type Text, text } from './text';

/**
 * Why a check cannot start now, as a Text (locales/<lang>/limits.json): the same words as the
 * runner's refusalMessage, for the machine, which never holds a translator.
 */
export function refusalText(refusal: Refusal): Text {
  switch (refusal.reason) {
    case 'user':
    case 'workspace':
      return text(`limits:${refusal.reason}`, { count: refusal.limit, window: durationText(refusal.windowMs), wait: durationText(refusal.retryAfterMs) });
    case 'queue_full':
      return text('limits:queue_full');
    case 'shutting_down':
      return text('limits:shutting_down');
  }
}

/** Whole minutes when a minute or more (rounded up), else seconds: "try again in 1 minute", never "0". */
export function durationText(ms: number): Text {
  if (ms >= 60_000) return text('limits:minutes', { count: Math.ceil(ms / 60_000) });
  return text('limits:seconds', { count: Math.max(1, Math.ceil(ms / 1000)) });
}
