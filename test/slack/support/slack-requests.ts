import { createHmac } from 'node:crypto';
import { type Agent, request } from 'node:http';

/** Slack's v0 request signature over the exact bytes sent. */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedResponse {
  status: number;
  body: string;
  ms: number;
}

export interface SignOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  agent?: Agent;
  /** More headers, e.g. Slack's `X-Slack-Retry-Num` on a redelivery. */
  headers?: Record<string, string>;
}

/**
 * POSTs a body to Bolt's endpoint as Slack does: form or JSON, exact Content-Type (Bolt compares
 * it with ===), signed. `ms` runs from sending to the end of the response: the ack latency.
 */
export function postSigned(url: string, body: string, contentType: 'application/x-www-form-urlencoded' | 'application/json', signingSecret: string, options: SignOptions = {}): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = slackSignature(options.secret ?? signingSecret, timestamp, body);
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request(
      url,
      {
        method: 'POST',
        ...(options.agent ? { agent: options.agent } : {}),
        headers: {
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(body),
          'X-Slack-Request-Timestamp': String(timestamp),
          'X-Slack-Signature': signature,
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - startedAt }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A slash command's fields, as Slack sends them (all strings). */
export function slashCommandFields(fields: { text: string; channel: string; user: string; userName?: string; triggerId: string; responseUrl: string; command?: string }): Record<string, string> {
  return {
    token: 'verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: fields.channel,
    channel_name: fields.channel.toLowerCase(),
    user_id: fields.user,
    user_name: fields.userName ?? fields.user.toLowerCase(),
    command: fields.command ?? '/mailhelp',
    text: fields.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
}

/** A click on a button of a posted message. */
export function blockActionsPayload(options: { user: string; message: PostedMessage; actionId: string; value: string; label: string; triggerId: string; responseUrl: string }): Record<string, unknown> {
  const { message } = options;
  return {
    type: 'block_actions',
    user: { id: options.user, username: options.user.toLowerCase(), name: options.user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0APP',
    token: 'verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) },
    trigger_id: options.triggerId,
    team: { id: 'T0FAKE', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: message.channel.toLowerCase() },
    message: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', text: message.text ?? '', ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), blocks: message.blocks ?? [] },
    state: { values: {} },
    response_url: options.responseUrl,
    actions: [{ type: 'button', action_id: options.actionId, block_id: 'b', text: { type: 'plain_text', text: options.label }, value: options.value, action_ts: String(Date.now() / 1000) }],
  };
}

/** A modal's submission (or close) with the values typed into its fields. */
export function viewPayload(type: 'view_submission' | 'view_closed', options: { user: string; view: Record<string, any>; values: Record<string, Record<string, unknown>> }): Record<string, unknown> {
  return {
    type,
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: options.user, username: options.user.toLowerCase(), name: options.user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0APP',
    token: 'verification-token',
    trigger_id: `${Date.now()}.view`,
    view: {
      id: options.view.id ?? 'V0VIEW',
      team_id: 'T0FAKE',
      app_installed_team_id: 'T0FAKE',
      type: 'modal',
      callback_id: options.view.callback_id,
      private_metadata: options.view.private_metadata ?? '',
      hash: 'h1',
      blocks: options.view.blocks ?? [],
      state: { values: options.values },
    },
    response_urls: [],
    ...(type === 'view_closed' ? { is_cleared: false } : {}),
  };
}

/** An Events API envelope for a message in a channel or thread. */
export function messageEventBody(event: { channel: string; user: string; text: string; ts: string; thread_ts?: string; subtype?: string; bot_id?: string }): Record<string, unknown> {
  return {
    token: 'verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${event.ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true }],
    event: { type: 'message', channel_type: 'channel', event_ts: event.ts, ...event },
  };
}
