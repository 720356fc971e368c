import { InvalidLimitConfigError } from '../src/policy/limits/limits-config';
import { InvalidNetworkError } from '../src/policy/target-policy';
import { translator, type Translate } from '../src/i18n/translator';
import { InvalidInputError } from '../src/settings/invalid-input';
import type { CommandIo } from '../src/cli/diagnose-command';
import { commandList, HELP_TOPICS, type HelpTopic, helpText, languageOf } from '../src/cli/help-text';
import { activeSecrets } from '../src/logging/active-secrets';
import { scrubErrorInPlace } from '../src/logging/scrub-error';
import { guardConfiguredSecrets } from './live-secrets';

const EXIT_BAD_INPUT = 2;

/**
 * The `mailhelp` command. Returns the exit code; bad input is one line on stderr and code 2.
 * Each command's module is loaded only when it runs: `start` brings in the chat platforms
 * (Bolt, discord.js), `diagnose` the engine and its mail libraries (about 900 modules, most of
 * a CLI call's start-up on this 2-core machine), so help and the other commands start without
 * what they do not use.
 */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [command = 'start', ...rest] = argv;
  const t = translator(languageOf(argv, io.env));
  // Help only prints text: it reads no configuration (the secrets below parse the OAuth providers file).
  const helpTopic = helpTopicOf(command, rest);
  if (helpTopic) return printHelp(io, helpTopic, t);
  // The chat tokens, OAuth client secrets and the Redis password are scrubbed from every log
  // line, printed error and crash while the command runs (./live-secrets).
  const forgetSecrets = guardConfiguredSecrets(io.env);
  try {
    switch (command) {
      case 'diagnose':
        return await (require('../src/cli/diagnose-command') as typeof import('../src/cli/diagnose-command')).runDiagnose(rest, io);
      case 'discover':
        return await (require('../src/cli/discover-command') as typeof import('../src/cli/discover-command')).runDiscover(rest, io);
      case 'history':
        return await (require('../src/cli/history-command') as typeof import('../src/cli/history-command')).runHistory(rest, io);
      case 'start':
        return await (require('./start-command') as typeof import('./start-command')).runStart(rest, io);
      default:
        io.stderr.write(`mailhelp: ${t('cli:invalid.unknown_command', { command: command.slice(0, 40) })}\n\n${commandList(t)}\n`);
        return EXIT_BAD_INPUT;
    }
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.stderr.write(`mailhelp: ${activeSecrets.scrub(t(error.key, error.values))}\n`);
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
    // Node prints what is thrown from here; it leaves with no secret in it.
    throw scrubErrorInPlace(error);
  } finally {
    forgetSecrets();
  }
}

/** `mailhelp help [topic]`, `--help`, `-h`, and `start --help`: the topic to print, or none. */
function helpTopicOf(command: string, rest: string[]): HelpTopic | undefined {
  if (command === 'help' || command === '--help' || command === '-h') return HELP_TOPICS.find((name) => name !== 'main' && name === rest[0]) ?? 'main';
  if (command === 'start' && (rest.includes('--help') || rest.includes('-h'))) return 'start';
  return undefined;
}

function printHelp(io: CommandIo, topic: HelpTopic, t: Translate): number {
  io.stdout.write(`${helpText(topic, t)}\n`);
  return 0;
}

function defaultIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}
