import type { Translate } from '../../i18n/translator';
import type { Admission } from './diagnosis-limits';

/**
 * What a person reads when a limit holds their diagnosis back, in their language
 * (locales/<lang>/limits.json). The conversation shows these; the limits themselves stay
 * free of words.
 */
export type Refusal = Extract<Admission, { admitted: false }>;

/** "The bot is busy: you are number N in line." */
export function busyMessage(t: Translate, position: number): string {
  return t('limits:busy', { position });
}

/** Why a diagnosis was not admitted, with when to try again where that is known. */
export function refusalMessage(t: Translate, refusal: Refusal): string {
  switch (refusal.reason) {
    case 'user':
    case 'workspace':
      return t(`limits:${refusal.reason}`, {
        count: refusal.limit,
        window: duration(t, refusal.windowMs),
        wait: duration(t, refusal.retryAfterMs),
      });
    case 'queue_full':
      return t('limits:queue_full');
    case 'shutting_down':
      return t('limits:shutting_down');
  }
}

/** Whole minutes when a minute or more (rounded up: "try again in 1 minute", not "0"), else seconds. */
export function duration(t: Translate, ms: number): string {
  if (ms >= 60_000) return t('limits:minutes', { count: Math.ceil(ms / 60_000) });
  return t('limits:seconds', { count: Math.max(1, Math.ceil(ms / 1000)) });
}
