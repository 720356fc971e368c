import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Waits for something to happen instead of sleeping and hoping it did: resolves as soon as
 * `condition` holds (checked on each turn of the event loop), fails with `what` after
 * `timeoutMs`. The bound is generous on purpose: a loaded machine is slow, not wrong.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await nextTurn();
  }
}
