import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../settings/invalid-input';

/** A password typed as a flag: refused with the two ways that keep it out of the process list. */
const PASSWORD_FLAG = /^--?(?:password|passwd|pass|pw)(?:=|$)/iu;

/**
 * node:util parseArgs with its errors as our messages (in the user's language, naming the
 * command's --help), instead of Node's English sentences. `command` names the help to point at.
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, command: string) {
  const passwordFlag = argv.find((arg) => PASSWORD_FLAG.test(arg));
  if (passwordFlag) throw new InvalidInputError('cli:invalid.password_argument', {}, 'passwords never go on the command line');
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const flag = /'(-[^' ]+)/u.exec(message)?.[1]?.slice(0, 40) ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new InvalidInputError('cli:invalid.unknown_option', { flag, command }, message);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const key = /does not take an argument/u.test(message) ? 'cli:invalid.no_value' : 'cli:invalid.missing_value';
      throw new InvalidInputError(key, { flag, command }, message);
    }
    throw new InvalidInputError('cli:invalid.usage', { command }, message);
  }
}
