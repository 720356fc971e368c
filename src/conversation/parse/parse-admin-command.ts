import { normalizeShortId } from '../../store/short-id';

/** The channel commands of watches and history (`/mailhelp watch …`). */
export type AdminCommand =
  | { kind: 'watch'; target: string; intervalMs?: number }
  | { kind: 'watches' }
  | { kind: 'unwatch'; target: string }
  | { kind: 'history'; user?: string; server?: string }
  | { kind: 'show'; id: string }
  | { kind: 'forget'; user: string };

/** Who may use a command: anyone, the help desk, or workspace admins. */
export type Authority = 'anyone' | 'help_desk' | 'admin';

export const AUTHORITY: Readonly<Record<AdminCommand['kind'], Authority>> = {
  watch: 'admin',
  unwatch: 'admin',
  forget: 'admin',
  watches: 'anyone',
  history: 'help_desk',
  show: 'help_desk',
};

export type AdminParse = { ok: true; command: AdminCommand } | { ok: false; kind: AdminCommand['kind']; problem: 'target' | 'interval_format' | 'user' | 'id' };

const WORDS: Readonly<Record<string, AdminCommand['kind']>> = {
  watch: 'watch',
  watches: 'watches',
  unwatch: 'unwatch',
  history: 'history',
  show: 'show',
  forget: 'forget',
};

/** A platform user mention: Slack `<@U123|alice>` (kept as `<@U123>`), Discord `<@123>` or `<@!123>`. */
const MENTION = /^<@!?([A-Za-z0-9]{2,40})(?:\|[^>]*)?>$/u;
const INTERVAL = /^(?:every\s+)?(\d{1,4})\s*(s|sec|seconds?|m|min|mins|minutes?|h|hours?)$/u;

/** `watch imap.acme.com:993 every 10m`, `history <@U1>`, `show r-7f3k`; undefined for anything else. */
export function parseAdminCommand(raw: string): AdminParse | undefined {
  const words = raw.trim().replace(/\s+/gu, ' ').split(' ');
  const kind = WORDS[(words[0] ?? '').toLowerCase()];
  if (!kind) return undefined;
  const rest = words.slice(1).join(' ').trim();
  switch (kind) {
    case 'watches':
      return { ok: true, command: { kind } };
    case 'watch': {
      const match = /^(\S+)(?:\s+(.+))?$/u.exec(rest);
      if (!match?.[1]) return { ok: false, kind, problem: 'target' };
      if (!match[2]) return { ok: true, command: { kind, target: match[1] } };
      const interval = INTERVAL.exec(match[2].toLowerCase());
      if (!interval) return { ok: false, kind, problem: 'interval_format' };
      const unit = interval[2]!.startsWith('h') ? 3_600_000 : interval[2]!.startsWith('s') ? 1000 : 60_000;
      return { ok: true, command: { kind, target: match[1], intervalMs: Number(interval[1]) * unit } };
    }
    case 'unwatch':
      return rest && !rest.includes(' ') ? { ok: true, command: { kind, target: rest } } : { ok: false, kind, problem: 'target' };
    case 'history': {
      if (!rest) return { ok: true, command: { kind } };
      const user = MENTION.exec(rest)?.[1];
      if (user) return { ok: true, command: { kind, user } };
      return rest.includes(' ') ? { ok: false, kind, problem: 'target' } : { ok: true, command: { kind, server: rest.toLowerCase() } };
    }
    case 'show': {
      const id = normalizeShortId(rest);
      return /^R-[0-9A-Z]{4,8}$/u.test(id) ? { ok: true, command: { kind, id } } : { ok: false, kind, problem: 'id' };
    }
    case 'forget': {
      const user = MENTION.exec(rest)?.[1];
      return user ? { ok: true, command: { kind, user } } : { ok: false, kind, problem: 'user' };
    }
  }
}

/** Whether what followed `/mailhelp` is one of these commands: the adapter then looks up roles. */
export function isAdminCommand(raw: string): boolean {
  return parseAdminCommand(raw) !== undefined;
}
