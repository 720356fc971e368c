/**
 * How an error appears in a log line (`logger.warn({ err }, …)`): its class, message, stack, code
 * and the other plain fields it carries, and its `cause` (and an AggregateError's first errors)
 * the same way, a few levels deep.
 *
 * Written here instead of pino's stdSerializers.err because that one copies every enumerable
 * field as it is, nested objects included: a Slack Web API request error carries the HTTP
 * client's error, whose `config.headers.Authorization` holds the bot token, deeper than the
 * redaction paths reach. Only strings, numbers and booleans are kept; the line scrubber then
 * removes any live secret (a password a library echoed into a message) from what is left.
 */
const MAX_DEPTH = 3;
const MAX_GROUPED = 3;
/** Fields written as `type`, `message`, `stack`, or handled below. */
const OWN_FIELDS = new Set(['name', 'message', 'stack', 'cause', 'errors']);

export type SerializedError = { type: string; message: string; stack?: string; cause?: SerializedError | string; errors?: SerializedError[] } & Record<string, unknown>;

export function serializeError(value: unknown): unknown {
  return value instanceof Error ? serialize(value, 0) : value;
}

function serialize(error: Error, depth: number): SerializedError {
  const out: SerializedError = { type: error.name || error.constructor?.name || 'Error', message: String(error.message) };
  if (typeof error.stack === 'string') out.stack = error.stack;
  for (const [key, field] of Object.entries(error)) {
    if (OWN_FIELDS.has(key)) continue;
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') out[key] = field;
  }
  if (depth >= MAX_DEPTH) return out;
  const { cause } = error as { cause?: unknown };
  if (cause instanceof Error) out.cause = serialize(cause, depth + 1);
  else if (typeof cause === 'string' || typeof cause === 'number') out.cause = String(cause);
  const grouped = (error as { errors?: unknown }).errors;
  if (Array.isArray(grouped)) out.errors = grouped.filter((e): e is Error => e instanceof Error).slice(0, MAX_GROUPED).map((e) => serialize(e, depth + 1));
  return out;
}
