/**
 * Mocha root hook (loaded by .mocharc): after a file's tests (in parallel mode each worker runs
 * this per file; in a serial run once, at the end), nothing the tests started may still keep the
 * process alive. Parallel mode ends its workers itself, which would hide a socket, server, timer
 * or child left open the way mocha's `exit: true` did; this names it instead. Something still
 * closing gets a moment: only what is left after it fails.
 */
const GRACE_MS = 2000;

/**
 * What kept the process alive before any test ran (mocha's pipes, a worker's channel), and the
 * timer mocha keeps for this hook itself while it runs.
 */
const allowed = [...process.getActiveResourcesInfo(), 'Timeout'];

function leftOpen(): string[] {
  const unclaimed = [...allowed];
  return process.getActiveResourcesInfo().filter((resource) => {
    const index = unclaimed.indexOf(resource);
    if (index === -1) return true;
    unclaimed.splice(index, 1);
    return false;
  });
}

function filesOf(root: Mocha.Suite | undefined): string {
  const files = new Set((root?.suites ?? []).map((suite) => suite.file).filter((file) => file !== undefined));
  return files.size === 1 ? [...files][0]! : 'this run';
}

export const mochaHooks = {
  // Callback style: mocha starts this hook's timer before calling it, so it is always there to allow for.
  afterAll(this: Mocha.Context, done: Mocha.Done): void {
    this.timeout(GRACE_MS + 5000);
    const deadline = Date.now() + GRACE_MS;
    const check = (): void => {
      const open = leftOpen();
      if (open.length === 0) return done();
      if (Date.now() > deadline) {
        // Told once: the next file in this worker is not blamed for it.
        allowed.push(...open);
        return done(new Error(`still open after the tests of ${filesOf(this.test?.parent)}, so the process would not end on its own: ${open.join(', ')} (close every server, socket, child and timer a test starts)`));
      }
      setTimeout(check, 20).unref();
    };
    check();
  },
};
