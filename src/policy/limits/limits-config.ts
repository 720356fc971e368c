import type { SlidingWindowOptions } from './sliding-window';
import { MailhelpError } from '../../errors/mailhelp-error';

/**
 * The limits an admin can set (README "Configuration"):
 *   MAILHELP_LIMIT_USER        diagnoses per user, `COUNT/WINDOW` (default 10/10m)
 *   MAILHELP_LIMIT_WORKSPACE   diagnoses per workspace or guild (default 200/10m)
 *   MAILHELP_MAX_CONCURRENT    diagnoses running at once; more wait in line (default 4)
 *   MAILHELP_MAX_CONNECTIONS   connections one diagnosis may open (default 64)
 * WINDOW is a number with ms, s, m or h; `COUNT` alone keeps the default window. `off` (or 0)
 * turns a per-user or per-workspace limit off.
 */
export interface LimitsConfig {
  user: SlidingWindowOptions;
  workspace: SlidingWindowOptions;
  maxConcurrent: number;
  maxConnections: number;
  /** Callers that may wait for a slot (not an environment variable; 100 when unset). */
  maxQueued?: number;
}

const TEN_MINUTES = 10 * 60 * 1000;

export const DEFAULT_LIMITS: LimitsConfig = {
  user: { limit: 10, windowMs: TEN_MINUTES },
  workspace: { limit: 200, windowMs: TEN_MINUTES },
  maxConcurrent: 4,
  maxConnections: 64,
};

/** A limit variable that cannot be read: the bot refuses to start rather than guess. */
export class InvalidLimitConfigError extends MailhelpError {
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super('INVALID_LIMIT_CONFIG', `${variable}=${value.slice(0, 40)} is not valid: expected ${expected}`);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WINDOW = /^(\d{1,9})\s*(?:\/\s*(\d{1,9})\s*(ms|s|m|h))?$/i;

export function parseWindow(variable: string, value: string | undefined, fallback: SlidingWindowOptions): SlidingWindowOptions {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  if (/^off$/i.test(text)) return { limit: 0, windowMs: fallback.windowMs };
  const match = WINDOW.exec(text);
  const windowMs = match?.[2] ? Number(match[2]) * UNIT_MS[match[3]!.toLowerCase()]! : fallback.windowMs;
  if (!match || windowMs <= 0) throw new InvalidLimitConfigError(variable, text, 'COUNT or COUNT/WINDOW such as 10/10m, or off');
  return { limit: Number(match[1]), windowMs };
}

export function parseCount(variable: string, value: string | undefined, fallback: number, min: number): number {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  const count = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(count >= min)) throw new InvalidLimitConfigError(variable, text, `a whole number of at least ${min}`);
  return count;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): LimitsConfig {
  return {
    user: parseWindow('MAILHELP_LIMIT_USER', env.MAILHELP_LIMIT_USER, DEFAULT_LIMITS.user),
    workspace: parseWindow('MAILHELP_LIMIT_WORKSPACE', env.MAILHELP_LIMIT_WORKSPACE, DEFAULT_LIMITS.workspace),
    maxConcurrent: parseCount('MAILHELP_MAX_CONCURRENT', env.MAILHELP_MAX_CONCURRENT, DEFAULT_LIMITS.maxConcurrent, 1),
    // 0 turns the cap off, for an admin who must; the default keeps one.
    maxConnections: parseCount('MAILHELP_MAX_CONNECTIONS', env.MAILHELP_MAX_CONNECTIONS, DEFAULT_LIMITS.maxConnections, 0),
  };
}
