import type { DiscordStartOptions } from '../../../adapters/discord/start-discord';
import type { Report } from '../../../src/diagnosis/report';
import { ACME_DISCOVERY, check, report } from '../../conversation/support/fixtures';

/**
 * An engine a test steps through: each diagnosis waits until the test lets it report a
 * check, then waits again until the test lets it finish. For failures in the middle of a run.
 */
export class GatedEngine {
  #started: (() => void)[] = [];
  #runs: { progress: () => void; finish: (report: Report) => void }[] = [];
  runsStarted = 0;

  readonly options: Pick<DiscordStartOptions, 'diagnose' | 'discover'> = {
    discover: async () => ACME_DISCOVERY,
    diagnose: (request) =>
      new Promise<Report>((resolve) => {
        this.runsStarted += 1;
        this.#runs.push({ progress: () => request.options?.onProgress?.(check('tcp')), finish: resolve });
        for (const wake of this.#started.splice(0)) wake();
      }),
  };

  /** Resolves once a diagnosis is waiting. */
  async running(): Promise<void> {
    if (this.#runs.length > 0) return;
    await new Promise<void>((resolve) => this.#started.push(resolve));
  }

  /** The waiting diagnosis reports one check, then finishes with the fixture report. */
  finish(result: Report = report()): void {
    const run = this.#runs.shift();
    if (!run) throw new Error('no diagnosis is running');
    run.progress();
    setTimeout(() => run.finish(result), 30);
  }
}
