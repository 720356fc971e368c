/**
 * The console as a child process for end-to-end tests: the real engine, and discovery
 * answered from MAILHELP_TEST_DISCOVERY (JSON) since tests must not reach the internet.
 * Loopback is allowed so the engine can probe the test's in-process mail servers.
 */
import { startConsole } from '../../../adapters/console/start-console';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { Discover, DiscoveryResult } from '../../../src/discovery/discovery-result';

const discovery = process.env.MAILHELP_TEST_DISCOVERY ? (JSON.parse(process.env.MAILHELP_TEST_DISCOVERY) as DiscoveryResult) : undefined;

const discover: Discover = async (email) => {
  if (!discovery) throw new Error('no discovery in this test');
  return { ...discovery, email };
};

void startConsole({
  diagnose,
  discover,
  ...(process.env.MAILHELP_LANG ? { language: process.env.MAILHELP_LANG } : {}),
  diagnoseOptions: {
    timeoutMs: Number(process.env.MAILHELP_TIMEOUT_MS ?? 2000),
    allowNets: ['127.0.0.0/8'],
    allowPorts: (process.env.MAILHELP_ALLOW_PORTS ?? '').split(',').filter(Boolean).map(Number),
  },
  escalate: async (text) => {
    process.stdout.write(`[help desk] ${text.split('\n')[0]}\n`);
  },
}).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
