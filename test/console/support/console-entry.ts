/**
 * The console as a child process for end-to-end tests: the real engine, and discovery
 * answered from MAILHELP_TEST_DISCOVERY (JSON) since tests must not reach the internet.
 * Loopback is allowed so the engine can probe the test's in-process mail servers (named through
 * MAILHELP_DNS_SERVERS where the test has a DNS server). The OAuth sign-in test reads its
 * configuration from MAILHELP_OAUTH_* as the bot does.
 * MAILHELP_TEST_CA (PEM) is the test CA to trust; MAILHELP_TEST_STORE_DUMP a file that receives
 * every value written to the conversation store, one JSON line each (the secret test reads it).
 * Log lines go to stderr at LOG_LEVEL.
 */
import { appendFileSync } from 'node:fs';
import { startConsole } from '../../../adapters/console/start-console';
import type { ConversationState } from '../../../src/conversation/state';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { Discover, DiscoveryResult } from '../../../src/discovery/discovery-result';
import { MemoryConversationStore } from '../../../src/store/memory-conversation-store';

const discovery = process.env.MAILHELP_TEST_DISCOVERY ? (JSON.parse(process.env.MAILHELP_TEST_DISCOVERY) as DiscoveryResult) : undefined;

const discover: Discover = async (email) => {
  if (!discovery) throw new Error('no discovery in this test');
  return { ...discovery, email };
};

/** The memory store, with a copy of every write in the dump file. */
class DumpingStore extends MemoryConversationStore<ConversationState> {
  constructor(private readonly file: string) {
    super();
  }
  override async put(...args: Parameters<MemoryConversationStore<ConversationState>['put']>) {
    appendFileSync(this.file, `${JSON.stringify(args[1])}\n`);
    return super.put(...args);
  }
}

const dump = process.env.MAILHELP_TEST_STORE_DUMP;

void startConsole({
  diagnose,
  discover,
  ...(process.env.MAILHELP_LANG ? { language: process.env.MAILHELP_LANG } : {}),
  ...(dump ? { store: new DumpingStore(dump) } : {}),
  diagnoseOptions: {
    timeoutMs: Number(process.env.MAILHELP_TIMEOUT_MS ?? 2000),
    allowNets: ['127.0.0.0/8'],
    allowPorts: (process.env.MAILHELP_ALLOW_PORTS ?? '').split(',').filter(Boolean).map(Number),
    // The test's own DNS server (a host name the test's certificate names).
    ...(process.env.MAILHELP_DNS_SERVERS ? { dnsServers: process.env.MAILHELP_DNS_SERVERS.split(',') } : {}),
    ...(process.env.MAILHELP_TEST_CA ? { ca: [process.env.MAILHELP_TEST_CA] } : {}),
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
