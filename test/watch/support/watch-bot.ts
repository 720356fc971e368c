import { HelpDeskServices } from '../../../src/commands/help-desk-services';
import type { MessageBlock } from '../../../src/conversation/runner/conversation-output';
import { blocksToPlainText } from '../../../src/conversation/runner/conversation-output';
import { ConversationRunner } from '../../../src/conversation/runner/runner';
import type { ConversationState, UserRoles } from '../../../src/conversation/state';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { DiagnoseOptions } from '../../../src/diagnosis/diagnose-request';
import type { Discover } from '../../../src/discovery/discovery-result';
import { MemoryConversationStore } from '../../../src/store/memory-conversation-store';
import { RecordingOutput } from '../../conversation/support/recording-output';

/** A recording output whose user has the given rights. */
export class RoleOutput extends RecordingOutput {
  constructor(private readonly userRoles: UserRoles) {
    super();
  }
  async roles(): Promise<UserRoles> {
    return this.userRoles;
  }
}

export const ADMIN: UserRoles = { admin: true, helpDesk: true };
export const MEMBER: UserRoles = { admin: false, helpDesk: false };
export const HELP_DESK: UserRoles = { admin: false, helpDesk: true };

/**
 * The runner with the help-desk services on the real engine (loopback policy widened as an
 * admin would), and a channel poster that writes down what each channel was told.
 */
export function watchBot(diagnoseOptions: DiagnoseOptions, options: { discover?: Discover; scheduler?: NonNullable<ConstructorParameters<typeof HelpDeskServices>[3]>['scheduler']; minIntervalMs?: number; tickMs?: number } = {}) {
  const discover: Discover = options.discover ?? (async (email) => ({ email, domain: email.split('@')[1] ?? '', incoming: [], outgoing: [], conflicts: [], notFound: true, durationMs: 0 }));
  const engine = { diagnose, discover, diagnoseOptions };
  const services = new HelpDeskServices(
    { intervalMs: 5 * 60_000, retentionMs: 30 * 24 * 3_600_000, outageReports: 3, outageWindowMs: 15 * 60_000, ...(options.minIntervalMs ? { minIntervalMs: options.minIntervalMs } : {}), ...(options.tickMs ? { tickMs: options.tickMs } : {}) },
    engine,
    {},
    options.scheduler ? { scheduler: options.scheduler } : {},
  );
  const triage: string[] = [];
  const runner = new ConversationRunner({
    store: new MemoryConversationStore<ConversationState>(),
    diagnose,
    discover,
    diagnoseOptions,
    commands: services.commands,
    records: services.records,
    triage: { post: async (message: MessageBlock[]) => void triage.push(blocksToPlainText(message)) },
  });
  const channels = new Map<string, string[]>();
  const poster = async (channel: string, message: MessageBlock[]): Promise<void> => {
    channels.set(channel, [...(channels.get(channel) ?? []), blocksToPlainText(message)]);
  };
  let thread = 0;
  /** `/mailhelp TEXT` in channel C1 by `user` with `roles`; returns what the bot said. */
  const command = async (text: string, roles: UserRoles, user = 'U1', locale?: string): Promise<string[]> => {
    const output = new RoleOutput(roles);
    thread += 1;
    await runner.handle({ platform: 'test', channel: 'C1', thread: `T${thread}` }, { type: 'started', user: { id: user, name: user.toLowerCase() }, text, capabilities: { helpDesk: true, privateForms: true }, ...(locale ? { locale } : {}) }, output);
    await runner.settled();
    return output.of('say').map((s) => s.text);
  };
  return { services, runner, command, channels, poster, triage, startScheduler: () => services.startScheduler({ test: poster }) };
}

/**
 * Help-desk services whose engine finds nothing and must not diagnose: for the admin checks of
 * the chat fakes, where only the commands matter.
 */
export function commandsOnlyHelpDesk() {
  const engine = {
    discover: async (email: string) => ({ email, domain: 'mail.test', incoming: [], outgoing: [], conflicts: [], notFound: true, durationMs: 0 }),
    diagnose: async (): Promise<never> => {
      throw new Error('no diagnosis in this test');
    },
  };
  const services = new HelpDeskServices({ intervalMs: 300_000, retentionMs: 86_400_000, outageReports: 3, outageWindowMs: 900_000 }, engine);
  return { engine, services, chatOptions: { ...engine, commands: services.commands, records: services.records } };
}
