import pino, { type DestinationStream, type Logger } from 'pino';
import { activeSecrets as processSecrets, type ActiveSecrets } from './active-secrets';
import { REDACTED } from './redact-secret';
import { REDACTION_PATHS } from './redaction-paths';
import { serializeError } from './serialize-error';

/**
 * The bot's structured logger: pino, JSON lines, level from LOG_LEVEL. Two layers keep secrets
 * out: redaction paths blank every field named like a secret, and each finished line is
 * scrubbed of the secrets alive at that moment (see ./active-secrets), which catches a
 * password that a library echoed into a message or a stack.
 */
export interface LoggerOptions {
  /** pino level; default from LOG_LEVEL, else `info`. */
  level?: string;
  /** Where lines go (default: stdout). Tests pass a stream to read them back. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Secrets to scrub from every line (default: the process-wide registry). */
  secrets?: ActiveSecrets;
  /** Fields on every line, e.g. `{ adapter: 'slack' }`. */
  base?: Record<string, unknown>;
}

const LEVELS = new Set([...Object.keys(pino.levels.values), 'silent']);

/** LOG_LEVEL when it names a pino level (any case), else `info`. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  return level && LEVELS.has(level) ? level : 'info';
}

/** A destination that scrubs active secrets from each line before passing it on. */
function scrubbing(destination: DestinationStream | NodeJS.WritableStream, secrets: ActiveSecrets): DestinationStream {
  return {
    write(line: string): void {
      destination.write(secrets.size ? secrets.scrub(line) : line);
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level && LEVELS.has(options.level) ? options.level : levelFromEnv();
  // Synchronous stdout: a bot logs little, and the last lines before process.exit (shutdown,
  // a fatal error) are the ones that matter most; an async buffer would drop them.
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { name: 'mailhelp', ...options.base },
      redact: { paths: [...REDACTION_PATHS], censor: REDACTED },
      // Error objects: class, message, stack, code and cause are kept (they explain failures);
      // nested objects are not (see serialize-error); the line scrubber removes any live secret.
      serializers: { err: serializeError, error: serializeError },
    },
    scrubbing(destination, options.secrets ?? processSecrets),
  );
}

export type { Logger };
