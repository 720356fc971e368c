import { startConsole } from '../../adapters/console/start-console';
import { diagnoseOptionsFromEnv } from '../config/environment';
import { diagnose } from '../diagnosis/diagnose';
import { createDiscover } from '../discovery/discover';
import type { CommandIo } from './diagnose-command';

/**
 * `mailhelp start` (`npm start`): the chat adapters whose tokens are configured, or the console
 * chat in this terminal when none are.
 */
export async function runStart(_argv: string[], io: CommandIo): Promise<number> {
  const diagnoseOptions = diagnoseOptionsFromEnv(io.env);
  const discover = createDiscover(diagnoseOptions);
  await startConsole({
    diagnose,
    discover,
    diagnoseOptions,
    input: io.stdin,
    output: io.stdout,
    ...(io.env.MAILHELP_LANG ? { language: io.env.MAILHELP_LANG } : {}),
  });
  return 0;
}
