import { App, type CustomRoute, type Logger as BoltLogger, type webApi } from '@slack/bolt';

export type SlackMode = 'http' | 'socket';

export interface BoltAppOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  retryConfig: webApi.RetryOptions;
  logger: BoltLogger;
  /** HTTP mode only: extra pages on the same listener (the sign-in page, health). */
  customRoutes: CustomRoute[];
}

/**
 * The Bolt app in the mode the configuration asks for: Socket Mode with an app-level token (no
 * public URL needed), else HTTP with signature verification on `/slack/events`. Every Web API
 * call (Socket Mode's `apps.connections.open` included) goes to `apiUrl` when it is set.
 */
export function createBoltApp(options: BoltAppOptions): { app: App; mode: SlackMode } {
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: options.retryConfig,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
  };
  if (options.appToken) {
    return {
      mode: 'socket',
      app: new App({ token: options.botToken, appToken: options.appToken, socketMode: true, clientOptions, logger: options.logger }),
    };
  }
  return {
    mode: 'http',
    app: new App({
      token: options.botToken,
      signingSecret: options.signingSecret ?? '',
      clientOptions,
      logger: options.logger,
      customRoutes: options.customRoutes,
    }),
  };
}
