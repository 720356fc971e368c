import { InvalidInputError } from '../settings/invalid-input';
import type { DiagnoseArgs } from './diagnose-args';

/**
 * The password comes from an environment variable or standard input, never from argv, where
 * every user of the machine could read it in the process list.
 */
export async function readPassword(
  source: DiagnoseArgs['password'],
  env: NodeJS.ProcessEnv,
  stdin: AsyncIterable<Buffer | string>,
): Promise<string | undefined> {
  if (source.from === 'none') return undefined;
  if (source.from === 'env') {
    const value = env[source.name];
    if (value === undefined) throw new InvalidInputError('cli:invalid.password_env', { name: source.name });
    return nonEmpty(value);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return nonEmpty(Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, ''));
}

/** No password is bad input (exit 2), not a sign-in the server refused. */
function nonEmpty(password: string): string {
  if (password === '') throw new InvalidInputError('cli:invalid.password_empty');
  return password;
}
