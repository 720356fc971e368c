import { MailhelpError } from '../errors/mailhelp-error';
/**
 * Where the bot keeps its state (README "Running in production"):
 *   MAILHELP_STORE          `memory` (default: one process, lost on restart) or `redis://…` / `rediss://…`
 *   MAILHELP_STORE_PREFIX   prefix of every Redis key (default `mailhelp:`), so one Redis can
 *                           serve several bots or environments
 */
export type StoreConfig = { kind: 'memory' } | { kind: 'redis'; url: string; prefix: string };

export const DEFAULT_PREFIX = 'mailhelp:';

/** A store variable that cannot be used: the bot refuses to start rather than guess. */
export class InvalidStoreConfigError extends MailhelpError {
  constructor(readonly variable: string, reason: string) {
    super('INVALID_STORE_CONFIG', `${variable}: ${reason}`);
  }
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const value = env.MAILHELP_STORE?.trim() ?? '';
  if (value === '' || value === 'memory') return { kind: 'memory' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Never echo the value: it may hold the Redis password.
    throw new InvalidStoreConfigError('MAILHELP_STORE', 'expected memory, redis://host:port or rediss://host:port');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new InvalidStoreConfigError('MAILHELP_STORE', 'expected memory, redis://host:port or rediss://host:port');
  }
  const prefix = env.MAILHELP_STORE_PREFIX?.trim() || DEFAULT_PREFIX;
  if (!/^[\w.:-]{1,64}$/.test(prefix)) throw new InvalidStoreConfigError('MAILHELP_STORE_PREFIX', 'letters, digits and . _ : - only, at most 64');
  return { kind: 'redis', url: value, prefix };
}

/** The Redis address for logs: host and port, never the password. */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'memory') return 'memory';
  const url = new URL(config.url);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname} (prefix ${config.prefix})`;
}
