import { createConsole } from '../adapters/console/start-console';
import type { Diagnose } from '../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../src/conversation/state';
import type { CheckTargets } from '../src/diagnosis/check-targets';
import type { DiagnoseOptions } from '../src/diagnosis/diagnose-request';
import type { Discover } from '../src/discovery/discovery-result';
import { createLogger, levelFromEnv, type Logger } from '../src/logging/logger';
import { DiagnosisLimits } from '../src/policy/limits/diagnosis-limits';
import { limitsFromEnv } from '../src/policy/limits/limits-config';
import { installGracefulShutdown, logUnhandledRejections } from '../src/process/graceful-shutdown';
import { MemoryConversationStore } from '../src/store/memory-conversation-store';
import { HelpDeskServices, helpDeskConfigFromEnv } from '../src/commands/help-desk-services';
import { blocksToPlainText } from '../src/conversation/runner/conversation-output';
import type { CommandIo } from '../src/cli/diagnose-command';

/** The HTTP port when PORT does not name one (as for Slack's HTTP mode). */
const DEFAULT_PORT = 3000;

export interface Engine {
  diagnose: Diagnose;
  discover: Discover;
  diagnoseOptions: DiagnoseOptions;
  /** The target policy before the sign-in question. */
  checkTargets?: CheckTargets;
}

interface Parts {
  limits: DiagnosisLimits;
  logger: Logger;
  store: MemoryConversationStore<ConversationState>;
}

/**
 * `mailhelp start` with no chat configured: the console chat, run as a service would be. Log
 * lines go to stderr (stdout is the chat), an unhandled rejection is logged instead of ending
 * the chat, and SIGTERM stops taking input and new checks, lets running checks finish (up to
 * MAILHELP_SHUTDOWN_GRACE_MS), saves and exits 0. With MAILHELP_PUBLIC_URL the one-time
 * password page is served on PORT.
 */
export async function runConsoleChat(io: CommandIo, engine: Engine): Promise<number> {
  // A limit that cannot be read stops the start here, before anything runs (exit 2, one line).
  const limits = new DiagnosisLimits(limitsFromEnv(io.env));
  const logger = createLogger({ destination: io.stderr, level: io.env.LOG_LEVEL ? levelFromEnv(io.env) : 'warn', base: { adapter: 'console' } });
  const store = new MemoryConversationStore<ConversationState>();
  const forgetRejections = logUnhandledRejections(logger);
  try {
    return await serve(io, engine, { limits, logger, store });
  } finally {
    forgetRejections();
    await store.close();
  }
}

async function serve(io: CommandIo, engine: Engine, { limits, logger, store }: Parts): Promise<number> {
  const publicUrl = io.env.MAILHELP_PUBLIC_URL?.trim();
  const helpDesk = new HelpDeskServices(helpDeskConfigFromEnv(io.env), engine, {}, { logger });
  const app = await createConsole({
    ...engine,
    input: io.stdin,
    output: io.stdout,
    logger,
    limits,
    store,
    ...(io.env.MAILHELP_LANG ? { language: io.env.MAILHELP_LANG } : {}),
    ...(publicUrl ? { loginPage: { publicUrl, port: portFromEnv(io.env) } } : {}),
    commands: helpDesk.commands,
    records: helpDesk.records,
  });
  // Watch alerts of the console's one "channel" are printed in the terminal.
  helpDesk.startScheduler({ console: async (_channel, message) => void io.stdout.write(`\n${blocksToPlainText(message)}\n`) });
  const shutdown = installGracefulShutdown({
    logger,
    stopAccepting: () => {
      limits.close();
      app.stopInput();
    },
    drain: () => app.runner.settled(),
    abortRunning: () => void app.runner.close(),
    // The memory store has nothing to flush; a Redis store flushes and disconnects here.
    save: () => store.close(),
  });
  try {
    await app.run();
    return 0;
  } finally {
    shutdown.uninstall();
    await helpDesk.stop();
  }
}

function portFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.PORT?.trim() ?? '';
  const port = Number(text);
  return /^\d{1,5}$/.test(text) && port < 65536 ? port : DEFAULT_PORT;
}
