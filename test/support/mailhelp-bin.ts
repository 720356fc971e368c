import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// Plain JavaScript shared with the executable: the same freshness check and build.
const { ensureBuilt } = require(join(ROOT, 'bin', 'build.js')) as { ensureBuilt: () => void };

/**
 * The real `mailhelp` executable. Any test file that imports this compiles dist/ first, when
 * the sources changed: once, in a root hook before all tests (a build takes longer than a
 * test may), not by each child at once, and its "compiling" note never lands in their output.
 */
export const MAILHELP_BIN = join(ROOT, 'bin', 'mailhelp.js');

before(function () {
  this.timeout(300_000);
  ensureBuilt();
});
