/**
 * Skips the running test (or, in a `before`, the suite) and says why in the test output, so
 * nothing is skipped silently: mocha's own `this.skip()` takes no reason.
 */
export function skipBecause(context: Mocha.Context, reason: string): never {
  process.stdout.write(`      (skipped: ${reason})\n`);
  context.skip();
}
