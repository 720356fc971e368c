import { InvalidLimitConfigError } from '../policy/limits/limits-config';
import { InvalidNetworkError } from '../policy/target-policy';
import { translator } from '../i18n/translator';
import { InvalidInputError } from '../settings/invalid-input';
import { runDiagnose, type CommandIo } from './diagnose-command';
import { runDiscover } from './discover-command';
import { runStart } from './start-command';

const EXIT_BAD_INPUT = 2;

/** The `mailhelp` command. Returns the exit code; bad input is one line on stderr and code 2. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [command = 'start', ...rest] = argv;
  const t = translator(io.env.MAILHELP_LANG);
  try {
    switch (command) {
      case 'diagnose':
        return await runDiagnose(rest, io);
      case 'discover':
        return await runDiscover(rest, io);
      case 'start':
        return await runStart(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${t('cli:usage')}\n`);
        return 0;
      default:
        throw new InvalidInputError('cli:invalid.unknown_command', { command: command.slice(0, 40) });
    }
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.stderr.write(`mailhelp: ${t(error.key, error.values)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof InvalidNetworkError) {
      io.stderr.write(`mailhelp: ${t('cli:invalid.network', { cidr: error.cidr })}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof InvalidLimitConfigError) {
      io.stderr.write(`mailhelp: ${t('cli:invalid.limit', { variable: error.variable, value: error.value.slice(0, 40) })}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

function defaultIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}
