import { join } from 'node:path';

/**
 * The real `mailhelp` executable. Its dist/ is compiled before the first test file starts, by
 * the global fixture in build-dist-hook.ts (not by each test or child at once), and its
 * "compiling" note never lands in their output.
 */
export const MAILHELP_BIN = join(__dirname, '..', '..', 'bin', 'mailhelp.js');
