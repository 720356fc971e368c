import type { RecordedCall } from '../../slack/support/fake-slack-api';
import { type Delivered, findButton, posted, SlackHarness } from '../../slack/support/slack-harness';
import { instruments } from './instruments';
import type { ConversationState } from '../../../src/conversation/state';
import { DiagnosisLimits } from '../../../src/policy/limits/diagnosis-limits';
import { DEFAULT_LIMITS } from '../../../src/policy/limits/limits-config';
import { openStores } from '../../../src/store/open-stores';
import { RedisConcurrencyQueue } from '../../../src/store/redis/redis-concurrency-queue';
import { RedisRateLimit } from '../../../src/store/redis/redis-rate-limit';
import { startRedisServer } from '../../support/redis-server';
import type { Captured, SecretDriver } from './secret-suite';

const TRIAGE = 'C0TRIAGE';

/**
 * The real Bolt app (startSlack through the Slack test harness) against the fake Web API on
 * loopback, the real engine against the secret mail servers. The password is typed into the
 * login modal (submitted as a view_submission) twice. Captured as chat: every Web API call the
 * bot made (arguments and the fake's answers, response_url posts included) and every HTTP body
 * or Socket Mode ack the bot answered Slack's requests with.
 */
export function slackDriver(mode: 'http' | 'socket', backing: 'memory' | 'redis' = 'memory'): SecretDriver {
  return {
    name: `Slack (Bolt, ${mode === 'http' ? 'HTTP mode' : 'Socket Mode'}, login modal${backing === 'redis' ? ', Redis store scanned whole' : ''})`,
    async converse(mail) {
      const { logs, logger, store, reports, engine } = instruments();
      // With Redis: every store the bot has (conversations, preferences, deliveries, locks,
      // limits) in a real redis-server, and the whole server is what was "stored".
      const redis = backing === 'redis' ? await startRedisServer() : undefined;
      const stores = redis ? await openStores<ConversationState>({ kind: 'redis', url: redis.url, prefix: 'secret:' }) : undefined;
      const storeOptions = stores
        ? {
            store: stores.conversations,
            preferences: stores.preferences,
            deliveries: stores.deliveries,
            coordination: { locks: stores.locks, running: stores.runningDiagnoses },
            limits: new DiagnosisLimits(DEFAULT_LIMITS, { rateLimit: new RedisRateLimit(stores.redis!, DEFAULT_LIMITS), queue: new RedisConcurrencyQueue(stores.redis!, { maxConcurrent: 4 }) }),
          }
        : { store };
      const h = await SlackHarness.start({
        mode,
        discover: async () => mail.discovery,
        diagnose: engine,
        diagnoseOptions: mail.diagnoseOptions,
        triageChannel: TRIAGE,
        ...storeOptions,
        logger,
      });
      const acks: Delivered[] = [];
      const ack = async (delivered: Promise<Delivered>): Promise<void> => {
        acks.push(await delivered);
      };
      /** The first message offering `actionId` after call number `since`, posted or written over another (the progress becomes the report). */
      const button = (actionId: string, since: number): Promise<RecordedCall> =>
        h.fake.waitForShown((c) => findButton(c.args.blocks ?? [], actionId) !== undefined, 15_000, since);
      const click = async (actionId: string, since = 0): Promise<RecordedCall> => {
        const message = await button(`mailhelp_choice:${actionId}`, since);
        await ack(h.click(posted(message), `mailhelp_choice:${actionId}`));
        return message;
      };
      /** "Test the login": the modal opens on the click's trigger id; the password goes in there. */
      const login = async (since: number): Promise<RecordedCall> => {
        const opened = h.fake.calls.length;
        await click('login', since);
        const modal = await h.fake.waitFor('views.open', (c) => h.fake.calls.indexOf(c) >= opened);
        const afterSubmit = h.fake.calls.length;
        await ack(h.submit(modal, { user: mail.user, password: mail.password }));
        return button('mailhelp_choice:helpdesk', afterSubmit);
      };
      try {
        await ack(h.command(mail.email));
        await click('expected');
        await click('both');
        const report = await login(0);
        await ack(h.click(posted(report), 'mailhelp_choice:helpdesk'));
        await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === TRIAGE);
        const again = h.fake.calls.length;
        await ack(h.click(posted(report), 'mailhelp_choice:again'));
        const second = await login(again);
        await ack(h.click(posted(second), 'mailhelp_choice:done'));
        await h.fake.waitFor('chat.postEphemeral', (c) => /Glad I could help/.test(c.args.text ?? ''));
        await h.bot.runner.settled();
      } finally {
        await h.stop();
      }
      let stored: string[];
      if (redis) {
        stored = await redis.dump();
        // The scan can fail the test only if it saw the conversations: the append-only file has them.
        if (!stored.some((line) => line.includes(mail.email) && line.includes('secret:conversation'))) throw new Error('the Redis dump holds no conversation');
        await stores?.close();
        await redis.stop();
      } else stored = await store.records();
      const shown = (c: RecordedCall): boolean => c.method === 'chat.postMessage' && (c.args.channel === TRIAGE || findButton(c.args.blocks ?? [], 'mailhelp_choice:helpdesk') !== undefined);
      return {
        logs,
        store: stored,
        reports: [...reports, ...h.fake.calls.filter(shown).map((c) => JSON.stringify(c.args))],
        chat: [...h.fake.calls.map((c) => JSON.stringify({ method: c.method, args: c.args, answer: c.answer })), ...acks.map((a) => `${a.status} ${a.body}`)],
      } satisfies Captured;
    },
  };
}
