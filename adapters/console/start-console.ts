import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Diagnose, RunnerDependencies, RunnerLogger } from '../../src/conversation/runner/runner-dependencies';
import { withLoginPage } from '../../src/conversation/runner/with-login-page';
import type { ConversationState, ConversationUser } from '../../src/conversation/state';
import type { Discover } from '../../src/discovery/discovery-result';
import { matchLanguage } from '../../src/i18n/translator';
import { createLogger, levelFromEnv } from '../../src/logging/logger';
import type { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import type { LoginPageServer } from '../../src/secure-login/login-page-server';
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
  /** The target policy before the sign-in question (src/diagnosis/check-targets). */
  checkTargets?: RunnerDependencies['checkTargets'];
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
  /** pino (src/logging) fits; by default JSON lines on stderr, `warn` and up unless LOG_LEVEL says otherwise. */
  logger?: RunnerLogger & { info?(details: object, message: string): void };
  /** Rate limits and the queue; from the environment when not given. */
  limits?: DiagnosisLimits;
  /**
   * MAILHELP_PUBLIC_URL and PORT: serve the one-time password page on `host:port` (loopback by
   * default) and offer its link instead of asking for the password at the prompt.
   */
  loginPage?: { publicUrl: string; port: number; host?: string };
  /** Watches and history (src/commands/help-desk-services). */
  commands?: RunnerDependencies['commands'];
  records?: RunnerDependencies['records'];
}

/** The console chat, built and ready to run; `mailhelp start` also hands its parts to shutdown. */
export interface ConsoleApp {
  runner: ConversationRunner;
  store: ConversationStore<ConversationState>;
  /** Where the password page listens, when it is served. */
  loginPage?: AddressInfo;
  /** Runs the chat until the user quits or input ends, lets the last checks finish, then stops what it started. */
  run(): Promise<void>;
  /** Stops reading input (shutdown): `run()` then lets running checks finish and resolves. */
  stopInput(): void;
}

/**
 * `npm start` without chat tokens: the conversation in the terminal. Resolves when the user
 * quits (/quit, Ctrl-C, Ctrl-D) or piped input ends, after the last checks have finished.
 */
export async function startConsole(options: ConsoleOptions): Promise<void> {
  await (await createConsole(options)).run();
}

export async function createConsole(options: ConsoleOptions): Promise<ConsoleApp> {
  const store = options.store ?? new MemoryConversationStore<ConversationState>();
  const logger = options.logger ?? createLogger({ destination: process.stderr, level: process.env.LOG_LEVEL ? levelFromEnv() : 'warn', base: { adapter: 'console' } });
  const language = matchLanguage(options.language) ?? matchLanguage(systemLocale()) ?? 'en';
  const deps = {
    store,
    preferences: options.preferences ?? new MemoryPreferenceStore(),
    discover: options.discover,
    diagnose: options.diagnose,
    ...(options.checkTargets ? { checkTargets: options.checkTargets } : {}),
    logger,
    ...(options.diagnoseOptions ? { diagnoseOptions: options.diagnoseOptions } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.records ? { records: options.records } : {}),
  };
  let runner: ConversationRunner;
  let page: LoginPageServer | undefined;
  let pageAddress: AddressInfo | undefined;
  if (options.loginPage) {
    const pageLogger = { info: (d: object, m: string) => (logger.info ?? logger.debug).call(logger, d, m), warn: (d: object, m: string) => logger.warn(d, m) };
    ({ runner, page } = withLoginPage(deps, { publicUrl: options.loginPage.publicUrl, defaultLanguage: language, logger: pageLogger }));
    pageAddress = await page.listen(options.loginPage.port, options.loginPage.host ?? '127.0.0.1');
  } else {
    runner = new ConversationRunner(deps);
  }
  const terminal = new Terminal(options.input ?? process.stdin, options.output ?? process.stdout);
  const session = new ConsoleSession({
    terminal,
    runner,
    // The console reads a password without echo: its private form hides what is typed.
    capabilities: { helpDesk: options.escalate !== undefined, privateForms: true, maskedForms: true, typedChoices: true },
    user: consoleUser(),
    language,
  });
  session.output = new ConsoleOutput(terminal, {
    onForm: (form) => session.formOpened(form),
    onEnd: () => session.ended(),
    onQuestion: (multiline) => session.questionAsked(multiline),
    t: (key, values) => session.translate(key, values),
    ...(options.escalate ? { escalate: options.escalate } : {}),
  });
  return {
    runner,
    store,
    ...(pageAddress ? { loginPage: pageAddress } : {}),
    async run() {
      try {
        await session.run();
      } finally {
        await runner.close();
        await page?.close();
        terminal.close();
        if (!options.store) await store.close();
      }
    },
    stopInput: () => terminal.close(),
  };
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
