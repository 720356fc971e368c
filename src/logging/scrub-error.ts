import { activeSecrets as processSecrets, type ActiveSecrets } from './active-secrets';

/**
 * Scrubs the live secrets out of an error object itself: its message, stack, cause, grouped
 * errors and the strings in its fields, a few levels deep. The logger scrubs every line it
 * writes; this is for an error that leaves the process another way, printed by Node as the
 * process crashes or by the command line as it exits, where only the object can be changed.
 * Changes the error in place (it is on its way out) and returns it.
 */
const MAX_DEPTH = 6;
/** Objects visited at most: an error can hold a socket or a client, whose graph is large. */
const MAX_OBJECTS = 500;

export function scrubErrorInPlace<T>(error: T, secrets: ActiveSecrets = processSecrets): T {
  if (secrets.size > 0 && typeof error === 'object' && error !== null) scrubObject(error, secrets, 0, new Set());
  return error;
}

function scrubObject(target: object, secrets: ActiveSecrets, depth: number, seen: Set<object>): void {
  // A buffer's bytes are no text to scrub, and there can be a million of them.
  if (seen.has(target) || seen.size >= MAX_OBJECTS || depth > MAX_DEPTH || ArrayBuffer.isView(target)) return;
  seen.add(target);
  // Own names, not keys: an error's message and stack are not enumerable.
  for (const key of Object.getOwnPropertyNames(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !('value' in descriptor)) continue;
    const { value } = descriptor;
    if (typeof value === 'string') {
      const scrubbed = secrets.scrub(value);
      if (scrubbed !== value && descriptor.writable) (target as Record<string, unknown>)[key] = scrubbed;
    } else if (typeof value === 'object' && value !== null) {
      scrubObject(value, secrets, depth + 1, seen);
    }
  }
}
