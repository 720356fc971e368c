import { join } from 'node:path';

// Plain JavaScript shared with the executable: the same freshness check and build.
const { ensureBuilt } = require(join(__dirname, '..', '..', 'bin', 'build.js')) as { ensureBuilt: () => void };

/**
 * Mocha global fixture (loaded by .mocharc): compiles dist/ for the tests that run the real
 * `mailhelp` executable, once in mocha's own process before any test file starts, when the
 * sources changed since the last build. Parallel workers must not build it themselves: one
 * swapping dist/ in while another's child process loads it would break that child.
 */
export function mochaGlobalSetup(): void {
  ensureBuilt();
}
