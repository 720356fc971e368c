import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`, done by .ci/run), driven by playwright-core,
 * with a fresh profile per launch so no cookie or cache survives between suites. Flags keep it
 * from talking to anything but the pages a test opens.
 */
export const CHROMIUM = '/usr/bin/chromium';

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<HeadlessChromium> {
  if (!chromiumInstalled()) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does: apt-get install -y chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'mailhelp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
