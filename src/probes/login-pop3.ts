import { performance } from 'node:perf_hooks';
import type { Credentials, ServerSettings } from '../settings/server-settings';
import {
  bounded,
  errorFields,
  failure,
  libraryTimeout,
  loginTimeoutOf,
  secretForms,
  type LoginOptions,
  type LoginResult,
} from './login-common';
import { Pop3Client, Pop3Error } from './pop3-client';
import { msSince } from './probe-options';

export type { LoginOptions, LoginResult } from './login-common';

/**
 * Logs in over POP3 with our minimal client (greeting, CAPA, STLS when required, AUTH PLAIN or
 * USER/PASS, QUIT) and reports how far it got. Never throws. With `options.session` (the
 * probe's own connection, TLS verified, greeting read) it goes on on that connection: CAPA
 * inside TLS, then the login.
 */
export async function loginPop3(settings: ServerSettings, credentials: Credentials, options: LoginOptions): Promise<LoginResult> {
  const startedAt = performance.now();
  const secrets = secretForms(credentials);
  const client = new Pop3Client({
    address: options.address,
    port: settings.port,
    servername: options.servername,
    security: settings.security,
    ...(options.ca ? { ca: options.ca } : {}),
    timeoutMs: libraryTimeout(options.timeoutMs),
    loginTimeoutMs: loginTimeoutOf(options),
  });

  return bounded(
    options,
    startedAt,
    secrets,
    () => client.stage,
    () => client.destroy(),
    async (credentialsSent) => {
      client.onCredentialsSent = credentialsSent;
      try {
        const held = options.session;
        if (held) client.adopt(held.tlsSocket, held.greeting);
        else await client.connect();
        await client.capa();
        // A held session is secured already (STLS or implicit TLS, verified by the probe).
        if (!held && settings.security === 'starttls') await client.startTls();
        if (credentials.oauth) {
          const mechanism = await client.loginOAuth(credentials.user, credentials.oauth.accessToken, credentials.oauth.mechanism);
          // STAT after the login: a login can report success for another user's token.
          const opened = `STAT ${await client.stat()}`;
          await client.quit();
          return { ok: true, ms: msSince(startedAt), mechanism, opened };
        }
        const mechanism = await client.login(credentials.user, credentials.password);
        await client.quit();
        return { ok: true, ms: msSince(startedAt), mechanism };
      } catch (error) {
        if (error instanceof Pop3Error) {
          return failure(startedAt, secrets, { stage: error.stage, code: error.resultCode, response: error.response, message: error.message });
        }
        const f = errorFields(error);
        return failure(startedAt, secrets, { stage: client.stage, code: f.code, message: f.message });
      } finally {
        client.destroy();
      }
    },
  );
}
