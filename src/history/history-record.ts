import type { CauseId } from '../diagnosis/causes';
import type { Report, Verdict } from '../diagnosis/report';
import type { AccountSettings } from '../settings/server-settings';

/** One diagnosis, kept for the help desk (`/mailhelp history`, `show R-7F3K`, `mailhelp history --json`). */
export interface HistoryRecord {
  /** Short and stable ("R-7F3K"): the help-desk escalation carries it. */
  id: string;
  platform: string;
  workspace?: string;
  channel: string;
  thread: string;
  user: { id: string; name?: string };
  at: number;
  /** The settings tested; the password is never part of them (it lives only in the run). */
  settings: AccountSettings;
  verdict: Verdict;
  /** Cause ids of the error and warning findings, most likely first. */
  causes: CauseId[];
  report: Report;
  /** A link to the conversation's thread, when the platform gives one. */
  link?: string;
}

export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** The servers a record is about, as `host:port`, to find the checks of one server. */
export function serversOf(settings: AccountSettings): string[] {
  return [settings.incoming, settings.outgoing].filter((s) => s !== undefined).map((s) => `${s.host.toLowerCase()}:${s.port}`);
}

/** `history imap.acme.com` matches every port of that host; `imap.acme.com:993` only that one. */
export function matchesServer(record: HistoryRecord, wanted: string): boolean {
  const query = wanted.toLowerCase().replace(/^[a-z0-9]+:\/\//u, '');
  return serversOf(record.settings).some((s) => s === query || s.split(':')[0] === query);
}
