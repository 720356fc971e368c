import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { format } from 'node:util';
import type { Logger } from '../../src/logging/logger';

/**
 * Bolt's and the Web API client's log lines, through our pino logger (redaction and secret
 * scrubbing included). Debug lines are dropped whatever LOG_LEVEL says: at debug level the
 * libraries print whole request bodies, and a modal submission's body holds the password.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  let name = 'bolt';
  const line = (parts: unknown[]): string => format(...parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : p)));
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => {
      if (level !== LogLevel.WARN && level !== LogLevel.ERROR) child.info({ source: name }, line(parts));
    },
    warn: (...parts: unknown[]) => {
      if (level !== LogLevel.ERROR) child.warn({ source: name }, line(parts));
    },
    error: (...parts: unknown[]) => child.error({ source: name }, line(parts)),
    setLevel: (next: LogLevel) => {
      level = next === LogLevel.DEBUG ? LogLevel.INFO : next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
