import { lines, type Text, text } from '../conversation/text';
import type { WatchAlert } from './detect-changes';
import type { Watch, WatchStatus } from './watch';

/** An alert as the channel reads it, in the watch's language (rendered by the poster). */
export function alertText(watch: Watch, alert: WatchAlert): Text {
  const label = watch.subject.label;
  switch (alert.kind) {
    case 'down':
      return lines(text('watch:alert.down', { label, cause: causeTitle(alert.cause) }), text('watch:alert.evidence', { evidence: alert.evidence }));
    case 'up':
      return text('watch:alert.up', { label, duration: durationText(alert.downMs) });
    case 'unverifiable':
      return lines(
        text('watch:alert.unverifiable', { label, reason: alert.cause ? causeTitle(alert.cause) : text('watch:alert.own_network') }),
        ...(alert.evidence ? [text('watch:alert.evidence', { evidence: alert.evidence })] : []),
      );
    case 'verifiable':
      return text('watch:alert.verifiable', { label });
    case 'cert_expiring':
      return text('watch:alert.cert_expiring', { label, side: sideText(alert.target), days: text('watch:days', { count: alert.daysLeft }), date: alert.validTo });
    case 'blocklisted':
      return text('watch:alert.blocklisted', { label, entries: alert.entries.join(', ') });
    case 'tls_weaker':
      return text('watch:alert.tls_weaker', { label, side: sideText(alert.target), lost: alert.lost.join(', '), remaining: alert.remaining.join(', ') || '-' });
    case 'published_changed':
      return text('watch:alert.published_changed', { label, before: alert.before, after: alert.after });
  }
}

export function causeTitle(cause: string): Text {
  return text(`causes:${cause}.title`);
}

export function sideText(side: 'incoming' | 'outgoing'): Text {
  return text(`watch:side.${side}`);
}

export function statusText(status: WatchStatus): Text {
  return text(`watch:status.${status}`);
}

/** "40 seconds", "12 minutes", "3 hours", "2 days": the largest unit that fits. */
export function durationText(ms: number): Text {
  // Under a minute only in tests and the lab (intervals of seconds, outages of a few rounds).
  if (ms < 59_500) return text('watch:seconds', { count: Math.max(1, Math.round(ms / 1000)) });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return text('watch:minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return text('watch:hours', { count: hours });
  return text('watch:days', { count: Math.round(hours / 24) });
}
