import type { Diagnose } from '../../../src/conversation/runner/runner-dependencies';
import { ACME_DISCOVERY, check, report } from '../../conversation/support/fixtures';
import { type HarnessOptions, SlackHarness } from './slack-harness';

/**
 * The bot with a scripted engine (discovery finds Acme's settings, every diagnosis reports an
 * expired certificate): for tests about Slack's side, where real checks would only add time.
 */
export const scriptedDiagnose: Diagnose = async (request) => {
  request.options?.onProgress?.(check('dns'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  request.options?.onProgress?.(check('tcp'));
  return report();
};

export function startFixtureBot(options: Partial<HarnessOptions> = {}): Promise<SlackHarness> {
  return SlackHarness.start({ discover: async () => ACME_DISCOVERY, diagnose: scriptedDiagnose, triageChannel: 'C0TRIAGE', ...options });
}
