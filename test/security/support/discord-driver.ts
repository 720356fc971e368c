import { has, type Harness, startHarness } from '../../discord/support/bot-harness';
import type { Json } from '../../discord/support/fake-objects';
import { instruments } from './instruments';
import type { Captured, SecretDriver } from './secret-suite';

/**
 * The real discord.js bot (startDiscord through the Discord test harness) against the fake
 * REST API and gateway on loopback, the real engine against the secret mail servers, with the
 * project's pino logger at `trace`. The password is typed into the login modal (a modal submit
 * interaction) twice. Captured as chat: every REST call the bot made (interaction callbacks,
 * follow-ups, edits, thread and help-desk posts) and every message the fake Discord holds.
 */
export const discordDriver: SecretDriver = {
  name: 'Discord (discord.js, login modal)',
  async converse(mail) {
    const { logs, logger, store, reports, engine } = instruments();
    const h: Harness = await startHarness({ discover: async () => mail.discovery, diagnose: engine, diagnoseOptions: mail.diagnoseOptions, store, logger });
    const isReport = (m: Json): boolean => ((m.embeds as unknown[] | undefined) ?? []).length > 0 && m.channel_id !== h.fake.ids.triageChannelId;
    /** "Test the login": the modal is the button's response; the password goes in there. */
    const login = async (since: number): Promise<Json> => {
      const offer = await h.message(has(/also test signing in/u), { since, timeoutMs: 15_000 });
      const press = h.press(offer, /Yes, test sign-in/u);
      await h.until(() => press.modal !== undefined, 10_000);
      const afterSubmit = h.mark();
      h.fake.modalSubmit(String(press.modal?.custom_id), { 'v:user': mail.user, 's:password': mail.password }, { messageId: offer.id as string });
      return h.message(isReport, { since: afterSubmit, timeoutMs: 15_000 });
    };
    try {
      h.fake.slashCommand({ target: mail.email });
      h.press(await h.message(has(/settings that should work/u)), /Yes, it uses these/u);
      h.press(await h.message(has(/receiving mail, sending mail, or both/u)), /Both/u);
      const report = await login(0);
      h.press(report, /Send to help desk/u);
      await h.message((m) => m.channel_id === h.fake.ids.triageChannelId, { timeoutMs: 15_000 });
      await h.message(has(/sent this report to the help desk/u));
      const again = h.mark();
      h.press(report, /check again/u);
      const second = await login(again);
      h.press(second, /Close check/u);
      await h.message(has(/Glad I could help/u));
      await h.bot.runner.settled();
    } finally {
      await h.close();
    }
    const messages = [...h.fake.state.messages.values()];
    return {
      logs,
      store: await store.records(),
      reports: [...reports, ...messages.filter((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0).map((m) => JSON.stringify(m))],
      chat: [...h.fake.rest.calls.map((c) => JSON.stringify({ method: c.method, path: c.path, query: c.query.toString(), body: c.body })), ...messages.map((m) => JSON.stringify(m))],
    } satisfies Captured;
  },
};
