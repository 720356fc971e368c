import type { CommandIo } from './diagnose-command';

/**
 * `mailhelp start` (`npm start`): the chat adapters whose tokens are configured, or the console
 * chat when none are.
 */
export async function runStart(_argv: string[], io: CommandIo): Promise<number> {
  io.stderr.write('mailhelp: the console chat is not available yet\n');
  return 2;
}
