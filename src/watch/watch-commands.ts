import type { AdminCommand } from '../conversation/parse/parse-admin-command';
import { completeServer, inferSide } from '../conversation/parse/complete-server';
import { quoteInput } from '../conversation/parse/normalize';
import { parseEmail } from '../conversation/parse/parse-email';
import { parseServerSpec } from '../conversation/parse/parse-server';
import type { CommandPlace } from '../conversation/runner/runner-dependencies';
import type { ConversationUser } from '../conversation/state';
import { lines, type Text, text } from '../conversation/text';
import type { Discover } from '../discovery/discovery-result';
import type { Language } from '../i18n/translator';
import type { TargetPolicy } from '../policy/target-policy';
import { describeSettings } from '../settings/server-settings';
import { uniqueShortId } from '../store/short-id';
import { causeTitle, durationText, statusText } from './alert-text';
import { DEFAULT_INTERVAL_MS, initialState, MAX_INTERVAL_MS, MIN_INTERVAL_MS, type Watch, type WatchSubject } from './watch';
import { subjectFromDiscovery } from './watch-check';
import type { WatchStore } from './watch-store';

/** A channel is not a monitoring system: past this many watches, remove one first. */
export const MAX_WATCHES_PER_CHANNEL = 25;

export interface WatchCommandDependencies {
  store: WatchStore;
  discover: Discover;
  /** The engine's target policy: a port it would refuse is refused here, before anything is stored. */
  policy: TargetPolicy;
  now?: () => number;
  /** When the first check of a new watch is due (the scheduler's jittered interval start). */
  firstCheckAt?: (now: number) => number;
  defaultIntervalMs?: number;
  /** MIN_INTERVAL_MS unless configured (the lab watches every few seconds). */
  minIntervalMs?: number;
}

type WatchCommand = Extract<AdminCommand, { kind: 'watch' | 'watches' | 'unwatch' }>;

interface Context {
  place: CommandPlace;
  user: ConversationUser;
  language: Language;
}

/** `/mailhelp watch …`, `/mailhelp watches`, `/mailhelp unwatch …` (rights are checked by the machine). */
export class WatchCommands {
  readonly #deps: WatchCommandDependencies;
  readonly #now: () => number;

  constructor(deps: WatchCommandDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  async run(command: WatchCommand, ctx: Context): Promise<Text> {
    switch (command.kind) {
      case 'watch':
        return this.#add(command.target, command.intervalMs, ctx);
      case 'watches':
        return this.#list(ctx);
      case 'unwatch':
        return this.#remove(command.target, ctx);
    }
  }

  async #add(target: string, intervalMs: number | undefined, ctx: Context): Promise<Text> {
    const interval = intervalMs ?? this.#deps.defaultIntervalMs ?? DEFAULT_INTERVAL_MS;
    const min = this.#deps.minIntervalMs ?? MIN_INTERVAL_MS;
    if (interval < min || interval > MAX_INTERVAL_MS) {
      return text('watch:command.invalid_interval', { min: durationText(min), max: durationText(MAX_INTERVAL_MS) });
    }
    const subject = await this.#subject(target);
    if ('problem' in subject) return subject.problem;
    for (const server of [subject.incoming, subject.outgoing]) {
      if (server && !this.#deps.policy.checkPort(server.port).allowed) {
        return text('watch:command.port_refused', { server: describeSettings(server), port: server.port });
      }
    }
    const existing = await this.#deps.store.list(ctx.place);
    if (existing.length >= MAX_WATCHES_PER_CHANNEL) return text('watch:command.limit_reached', { count: MAX_WATCHES_PER_CHANNEL });
    const now = this.#now();
    const watch: Watch = {
      id: await uniqueShortId('W', async (id) => (await this.#deps.store.get(id)) !== undefined),
      place: ctx.place,
      subject,
      intervalMs: interval,
      language: ctx.language,
      createdBy: ctx.user.id,
      createdAt: now,
      nextCheckAt: this.#deps.firstCheckAt?.(now) ?? now,
      state: initialState(now),
    };
    const { added, watch: stored } = await this.#deps.store.add(watch);
    if (!added) return text('watch:command.exists', { label: stored.subject.label, id: stored.id });
    return lines(text('watch:command.added', { label: subject.label, id: watch.id, interval: durationText(interval) }), text('watch:command.servers', { servers: servers(subject) }));
  }

  async #subject(target: string): Promise<WatchSubject | { problem: Text }> {
    const email = parseEmail(target);
    if (email.ok) {
      const found = await this.#deps.discover(email.email).catch(() => undefined);
      const subject = found && subjectFromDiscovery(email.email, found);
      return subject ?? { problem: text('watch:command.not_discovered', { email: email.email }) };
    }
    const spec = parseServerSpec(target.toLowerCase());
    const side = spec.ok && spec.spec.host ? inferSide(spec.spec) : undefined;
    const completed = spec.ok && side ? completeServer(spec.spec, side) : undefined;
    if (!side || !completed?.ok) return { problem: text('watch:command.invalid_target', { input: quoteInput(target) }) };
    const server = completed.settings;
    return { label: `${server.protocol}://${server.host}:${server.port}`, [side]: server };
  }

  async #list(ctx: Context): Promise<Text> {
    const watches = await this.#deps.store.list(ctx.place);
    if (!watches.length) return text('watch:command.list_empty');
    const now = this.#now();
    return lines(
      text('watch:command.list_title', { count: watches.length }),
      ...watches.map(({ value: w }) =>
        text(w.state.cause && w.state.status === 'down' ? 'watch:command.list_item_cause' : 'watch:command.list_item', {
          id: w.id,
          label: w.subject.label,
          status: statusText(w.state.status),
          since: durationText(now - w.state.since),
          interval: durationText(w.intervalMs),
          cause: w.state.cause ? causeTitle(w.state.cause) : '',
        }),
      ),
    );
  }

  async #remove(target: string, ctx: Context): Promise<Text> {
    const wanted = target.trim().toLowerCase();
    const watches = await this.#deps.store.list(ctx.place);
    const match = watches.find(({ value: w }) => w.id.toLowerCase() === wanted || w.subject.label.toLowerCase() === wanted || matchesServer(w, wanted));
    if (!match) return text('watch:command.not_found', { input: quoteInput(target) });
    await this.#deps.store.remove(match.value.id);
    return text('watch:command.removed', { label: match.value.subject.label, id: match.value.id });
  }
}

/** `unwatch imap.acme.com:993` finds `imap://imap.acme.com:993`; so does the bare host when unique to the watch. */
function matchesServer(watch: Watch, wanted: string): boolean {
  return [watch.subject.incoming, watch.subject.outgoing].some(
    (s) => s !== undefined && (wanted === `${s.host}:${s.port}` || wanted === `${s.protocol}://${s.host}:${s.port}` || wanted === s.host),
  );
}

function servers(subject: WatchSubject): string {
  return [subject.incoming, subject.outgoing].filter((s) => s !== undefined).map(describeSettings).join(', ');
}
