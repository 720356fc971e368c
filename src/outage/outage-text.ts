import { lines, type Text, text } from '../conversation/text';
import { durationText } from '../watch/alert-text';
import type { Outage } from './outage-detector';

/** "Possible outage: imap.acme.com:993 — certificate expired — 4 reports in 12 min", with the first report's link. */
export function outageAlert(outage: Outage, now: number): Text {
  return lines(
    text('watch:outage.alert', {
      server: outage.server,
      cause: text(`causes:${outage.cause}.title`),
      count: outage.reporters.length,
      duration: durationText(Math.max(60_000, now - outage.firstAt)),
    }),
    ...(outage.firstReportId ? [text('watch:outage.first_report', { id: outage.firstReportId })] : []),
    ...(outage.firstLink ? [text('watch:outage.first_link', { link: outage.firstLink })] : []),
  );
}
