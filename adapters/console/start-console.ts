import { userInfo } from 'node:os';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Diagnose, RunnerDependencies, RunnerLogger } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState, ConversationUser } from '../../src/conversation/state';
import type { Discover } from '../../src/discovery/discovery-result';
import { matchLanguage } from '../../src/i18n/translator';
import type { ConversationStore } from '../../src/store/conversation-store';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore, type PreferenceStore } from '../../src/store/preference-store';
import { ConsoleOutput } from './console-output';
import { ConsoleSession } from './console-session';
import { Terminal } from './terminal';

export interface ConsoleOptions {
  /** The engine: `diagnose` from src/diagnosis/diagnose. */
  diagnose: Diagnose;
  /** Settings discovery from src/discovery. */
  discover: Discover;
  /** Defaults to process.stdin / process.stdout. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** --lang / MAILHELP_LANG; otherwise the terminal's LANG/LC_ALL; otherwise English. */
  language?: string;
  /** Deadlines, resolvers, blocklists, allowed networks from the configuration. */
  diagnoseOptions?: RunnerDependencies['diagnoseOptions'];
  /** MAILHELP_STORE; memory by default. */
  store?: ConversationStore<ConversationState>;
  preferences?: PreferenceStore;
  /** Where "send to help desk" goes; without it the console does not offer it. */
  escalate?: (reportText: string, from: ConversationUser) => Promise<void>;
  logger?: RunnerLogger;
}

/**
 * `npm start` without chat tokens: the conversation in the terminal. Resolves when the user
 * quits (/quit, Ctrl-C, Ctrl-D) or piped input ends, after the last checks have finished.
 */
export async function startConsole(options: ConsoleOptions): Promise<void> {
  const store = options.store ?? new MemoryConversationStore<ConversationState>();
  const runner = new ConversationRunner({
    store,
    preferences: options.preferences ?? new MemoryPreferenceStore(),
    discover: options.discover,
    diagnose: options.diagnose,
    ...(options.diagnoseOptions ? { diagnoseOptions: options.diagnoseOptions } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const terminal = new Terminal(options.input ?? process.stdin, options.output ?? process.stdout);
  const language = matchLanguage(options.language) ?? matchLanguage(systemLocale()) ?? 'en';
  const session = new ConsoleSession({
    terminal,
    runner,
    store,
    capabilities: { helpDesk: options.escalate !== undefined, privateForms: true },
    user: consoleUser(),
    language,
  });
  session.output = new ConsoleOutput(terminal, {
    onForm: (form) => session.formOpened(form),
    onEnd: () => session.ended(),
    ...(options.escalate ? { escalate: options.escalate } : {}),
  });
  try {
    await session.run();
  } finally {
    await runner.close();
    terminal.close();
    if (!options.store) await store.close();
  }
}

/** LANG=de_DE.UTF-8 → de_DE; "C" and "POSIX" say nothing about a language. */
function systemLocale(): string | undefined {
  const raw = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG;
  const locale = raw?.split('.')[0];
  return locale && locale !== 'C' && locale !== 'POSIX' ? locale : undefined;
}

function consoleUser(): { id: string; name?: string } {
  try {
    const name = userInfo().username;
    return { id: name, name };
  } catch {
    return { id: 'console' };
  }
}
