import type { Translate } from '../i18n/translator';
import { oauthFromEnv } from '../oauth/oauth-config';
import { runSignIn, type SignInOutcome } from '../oauth/sign-in-test';
import type { AccountSettings } from '../settings/server-settings';

/**
 * `mailhelp diagnose --oauth`: the device-code sign-in in the terminal. The code goes to
 * stderr (the terminal the user sits at; stdout stays the report, so `--json` stays parseable),
 * with the minutes left once a minute.
 */
export async function cliSignIn(
  settings: AccountSettings,
  user: string,
  io: { stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
  t: Translate,
  options: { timeoutMs: number; signal: AbortSignal; discoveryId?: string | undefined },
): Promise<SignInOutcome> {
  return runSignIn(
    { config: oauthFromEnv(io.env), settings, user, discoveryId: options.discoveryId, timeoutMs: options.timeoutMs, signal: options.signal },
    {
      showCode: (prompt) => {
        const minutes = Math.max(1, Math.ceil((prompt.expiresAt - Date.now()) / 60_000));
        io.stderr.write(`${t('oauth:device.prompt', { url: prompt.verificationUri, code: prompt.userCode, user })}\n${t('oauth:device.prompt_private', { count: minutes })}\n`);
      },
      waiting: (minutes) => io.stderr.write(`${t('oauth:device.waiting', { count: minutes })}\n`),
      signedIn: (provider) => io.stderr.write(`${t('oauth:device.signed_in', { provider: provider.name })}\n`),
    },
  );
}
