import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// Plain JavaScript shared with the executable: the same freshness check and build.
const { ensureBuilt } = require(join(ROOT, 'bin', 'build.js')) as { ensureBuilt: () => void };

/**
 * The real `mailhelp` executable, with dist/ compiled first when the sources changed: built
 * once here, not by each child at once (and its "compiling" note never lands in their output).
 */
export function mailhelpBin(): string {
  ensureBuilt();
  return join(ROOT, 'bin', 'mailhelp.js');
}
