import { parseArgs } from 'node:util';
import { helpDeskConfigFromEnv } from '../commands/help-desk-services';
import { RedisHistoryStore } from '../history/redis-history-store';
import { InvalidInputError } from '../settings/invalid-input';
import { openStores } from '../store/open-stores';
import { InvalidStoreConfigError, storeConfigFromEnv } from '../store/store-config';
import type { CommandIo } from './diagnose-command';

/**
 * `mailhelp history --json [--user ID] [--server HOST[:PORT]] [--platform slack|discord] [--limit N]`:
 * the help desk's records as JSON, newest first, from the bot's store (MAILHELP_STORE). A
 * memory store belongs to the running bot's own process, so there is nothing to read here:
 * the command says so and exits 2.
 */
export async function runHistory(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, user: { type: 'string' }, server: { type: 'string' }, platform: { type: 'string' }, limit: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new InvalidInputError('cli:invalid.unknown_command', { command: `history ${argv.join(' ')}`.slice(0, 40) }, (error as Error).message);
  }
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new InvalidInputError('cli:invalid.unknown_command', { command: `--limit ${String(values.limit).slice(0, 20)}` });
  let config;
  try {
    config = storeConfigFromEnv(io.env);
  } catch (error) {
    if (!(error instanceof InvalidStoreConfigError)) throw error;
    throw new InvalidInputError('store:invalid_config', { detail: error.message }, error.message);
  }
  if (config.kind !== 'redis') {
    io.stderr.write('mailhelp: history is kept in the running bot\'s memory; set MAILHELP_STORE=redis://… (the same as the bot\'s) to read it here\n');
    return 2;
  }
  const stores = await openStores<unknown>(config);
  try {
    const history = new RedisHistoryStore(stores.redis!, helpDeskConfigFromEnv(io.env).retentionMs);
    const records = await history.query({
      ...(values.user ? { user: values.user } : {}),
      ...(values.server ? { server: values.server } : {}),
      ...(values.platform ? { platform: values.platform } : {}),
      limit,
    });
    io.stdout.write(`${JSON.stringify(records, null, values.json ? 2 : 0)}\n`);
    return 0;
  } finally {
    await stores.close();
  }
}
