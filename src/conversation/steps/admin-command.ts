import type { StartedEvent } from '../events';
import { AUTHORITY, parseAdminCommand } from '../parse/parse-admin-command';
import { text } from '../text';
import { say, type Transition } from '../transition';

/**
 * `/mailhelp watch …`, `watches`, `unwatch …`, `history …`, `show …`, `forget …`: one answer, no
 * conversation. Who may run what is decided here, from the roles the adapter read off the
 * platform; the runner's services do the work. Undefined when the text is not such a command.
 */
export function adminCommand(event: StartedEvent, args: string): Transition | undefined {
  const parsed = parseAdminCommand(args);
  if (!parsed) return undefined;
  const kind = parsed.ok ? parsed.command.kind : parsed.kind;
  const authority = AUTHORITY[kind];
  const roles = event.roles ?? { admin: false, helpDesk: false };
  const allowed = authority === 'anyone' || roles.admin || (authority === 'help_desk' && roles.helpDesk);
  if (!allowed) return done(authority === 'admin' ? 'watch:command.admins_only' : 'watch:command.help_desk_only');
  if (!parsed.ok) return done(parsed.problem === 'target' ? 'watch:command.invalid_target_short' : `watch:command.invalid_${parsed.problem}`);
  return { state: undefined, effects: [{ type: 'admin_command', command: parsed.command, user: event.user }, { type: 'end' }] };
}

function done(key: string): Transition {
  return { state: undefined, effects: [say(text(key)), say(text('watch:command.usage')), { type: 'end' }] };
}
