/**
 * What `mailhelp start` does on SIGTERM (a deploy, `docker stop`, systemd): stop taking new
 * work, let running diagnoses finish for up to 20 s, save the conversations, exit 0. A second
 * signal while that runs exits at once. And an unhandled promise rejection is logged instead
 * of ending the process (Node's default), so one bad code path cannot drop every user's chat.
 */
export const DEFAULT_GRACE_MS = 20_000;

export interface ShutdownLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface GracefulShutdownOptions {
  /** Stop taking new work: close the HTTP listener, the queue, the chat connections. */
  stopAccepting?: () => void | Promise<void>;
  /** Resolves when the running work has finished. */
  drain: () => Promise<void>;
  /** Called when the grace period is over and work is still running: cut it short. */
  abortRunning?: () => void;
  /** Saves conversation state; runs after the work stopped, before exiting. */
  save?: () => Promise<void>;
  /** How long running work may go on after the signal (MAILHELP_SHUTDOWN_GRACE_MS). */
  graceMs?: number;
  /** Time given to abortRunning() to take effect before saving anyway. */
  abortGraceMs?: number;
  signals?: NodeJS.Signals[];
  logger: ShutdownLogger;
  /** process.exit, replaceable for tests in-process. */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  readonly shuttingDown: boolean;
  /** Runs the shutdown now (as the signal would); resolves with the exit code it used. */
  shutdown(reason: string): Promise<number>;
  /** Removes the signal handlers (tests). */
  uninstall(): void;
}

/** MAILHELP_SHUTDOWN_GRACE_MS when it is a positive whole number of milliseconds, else 20 s. */
export function graceFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.MAILHELP_SHUTDOWN_GRACE_MS);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_GRACE_MS;
}

function delay(ms: number): { promise: Promise<'timeout'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { logger } = options;
  const graceMs = options.graceMs ?? graceFromEnv();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<number> | undefined;

  async function run(reason: string): Promise<number> {
    logger.info({ reason, graceMs }, 'shutting down: no new work is taken');
    try {
      await options.stopAccepting?.();
    } catch (error) {
      logger.error({ err: error }, 'shutting down: stopping new work failed');
    }

    const grace = delay(graceMs);
    const outcome = await Promise.race([options.drain().then(() => 'drained' as const, () => 'drained' as const), grace.promise]);
    grace.cancel();
    if (outcome === 'timeout') {
      logger.warn({ graceMs }, 'shutting down: work still running after the grace period; stopping it');
      options.abortRunning?.();
      const settle = delay(options.abortGraceMs ?? 1000);
      await Promise.race([options.drain().catch(() => undefined), settle.promise]);
      settle.cancel();
    }

    let code = 0;
    try {
      await options.save?.();
      logger.info({}, 'shutting down: state saved');
    } catch (error) {
      code = 1;
      logger.error({ err: error }, 'shutting down: saving state failed');
    }
    logger.info({ code }, 'shutting down: bye');
    return code;
  }

  const shutdown = (reason: string): Promise<number> => {
    running ??= run(reason).then((code) => {
      exit(code);
      return code;
    });
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      // Asked twice: whoever sends it means "now".
      logger.warn({ signal }, 'shutting down: second signal, exiting at once');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    get shuttingDown() {
      return running !== undefined;
    },
    shutdown,
    uninstall: () => {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}

/**
 * Logs unhandled promise rejections instead of letting Node end the process, and logs an
 * uncaught exception before Node ends it (that one must still end it: state may be broken).
 * Returns a function that removes both handlers.
 */
export function logUnhandledRejections(logger: ShutdownLogger): () => void {
  const onRejection = (reason: unknown): void => {
    logger.error({ err: reason instanceof Error ? reason : new Error(describe(reason)) }, 'unhandled promise rejection (the bot keeps running)');
  };
  const onException = (error: Error, origin: string): void => {
    logger.error({ err: error, origin }, 'uncaught exception: the bot stops');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtExceptionMonitor', onException);
  };
}

/** A rejection reason can be anything, even an object whose toString throws. */
function describe(reason: unknown): string {
  try {
    return String(reason);
  } catch {
    return 'a value that cannot be printed';
  }
}
