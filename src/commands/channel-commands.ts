import type { AdminCommand } from '../conversation/parse/parse-admin-command';
import type { ChannelCommands, CommandPlace } from '../conversation/runner/runner-dependencies';
import type { ConversationUser } from '../conversation/state';
import { type Text, text } from '../conversation/text';
import type { Language } from '../i18n/translator';
import type { HistoryCommands } from '../history/history-commands';
import type { WatchCommands } from '../watch/watch-commands';

/** The channel commands, each to its service; a service not configured says so. */
export function channelCommands(services: { watches?: WatchCommands; history?: HistoryCommands }): ChannelCommands {
  return {
    async run(command: AdminCommand, ctx: { place: CommandPlace; user: ConversationUser; language: Language }): Promise<Text> {
      switch (command.kind) {
        case 'watch':
        case 'watches':
        case 'unwatch':
          return services.watches ? services.watches.run(command, ctx) : text('watch:command.unavailable');
        case 'history':
        case 'show':
        case 'forget':
          return services.history ? services.history.run(command, ctx.place) : text('watch:history.unavailable');
      }
    },
  };
}
