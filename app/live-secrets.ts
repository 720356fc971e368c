import { activeSecrets as processSecrets, type ActiveSecrets } from '../src/logging/active-secrets';
import { scrubErrorInPlace } from '../src/logging/scrub-error';
import { googleProvider, microsoftProvider, type OAuthProvider } from '../src/oauth/providers';
import { oauthFromEnv } from '../src/oauth/oauth-config';

/**
 * The deployment's own secrets, alive for as long as the process runs: the chat tokens, the
 * OAuth client secrets and the Redis password. A library can put any of them into an error
 * message (a failed request that names its URL, a connection string in a stack), so they are
 * registered with the same live-secret scrubber as a user's password during a login
 * (src/logging/active-secrets): no log line, serialised error or crash output carries them.
 */
const TOKEN_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN'] as const;

/** Every configured secret value, each in the forms it is written in (a URL's password both encoded and decoded). */
export function configuredSecrets(env: NodeJS.ProcessEnv): string[] {
  const variables = [...TOKEN_VARIABLES, ...oauthProviders(env).flatMap((provider) => (provider.clientSecretEnv ? [provider.clientSecretEnv] : []))];
  const values = variables.map((name) => env[name]?.trim() ?? '');
  return [...new Set([...values, ...redisPassword(env.MAILHELP_STORE)])].filter((value) => value.length > 0);
}

/**
 * Registers the configured secrets for as long as a command runs, and scrubs an error that
 * crashes the process before Node prints it (the monitor sees the error first; Node then
 * prints the same, now scrubbed, object). The returned function undoes both.
 */
export function guardConfiguredSecrets(env: NodeJS.ProcessEnv, secrets: ActiveSecrets = processSecrets): () => void {
  const forgets = configuredSecrets(env).map((secret) => secrets.add(secret));
  const onCrash = (error: unknown): void => {
    scrubErrorInPlace(error, secrets);
  };
  process.on('uncaughtExceptionMonitor', onCrash);
  return () => {
    process.off('uncaughtExceptionMonitor', onCrash);
    for (const forget of forgets) forget();
  };
}

/**
 * The built-in providers and the admin's own. A providers file that cannot be read is the
 * OAuth configuration's error to report where OAuth is used; the built-in variables are
 * still known, so their secrets are still registered.
 */
function oauthProviders(env: NodeJS.ProcessEnv): OAuthProvider[] {
  try {
    const { configured, unconfigured } = oauthFromEnv(env);
    return [...configured.map((entry) => entry.provider), ...unconfigured];
  } catch {
    return [microsoftProvider(), googleProvider()];
  }
}

/** `redis://user:p%40ss@host`: the password as written in the URL and as the server gets it. */
function redisPassword(store: string | undefined): string[] {
  if (!store?.includes('@')) return [];
  try {
    const { password } = new URL(store.trim());
    if (!password) return [];
    return [password, safeDecode(password)];
  } catch {
    // Not a URL: the store configuration refuses it without echoing the value.
    return [];
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
