import type { DiagnoseOptions } from '../diagnosis/diagnose-request';

/** Splits a comma-separated variable, dropping empty items. */
export function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Diagnosis defaults from the environment (mailhelp --help, docs/architecture.md "Configuration"); CLI flags override them.
 * Numbers that don't parse are ignored rather than half-applied.
 */
export function diagnoseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DiagnoseOptions {
  const timeout = Number(env.MAILHELP_TIMEOUT_MS);
  const loginTimeout = Number(env.MAILHELP_LOGIN_TIMEOUT_MS);
  const ports = listFromEnv(env.MAILHELP_ALLOW_PORTS).map(Number).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  // 0 turns the cap off (an admin's explicit choice); unset or unreadable keeps the default.
  const maxConnections = /^\s*\d{1,9}\s*$/.test(env.MAILHELP_MAX_CONNECTIONS ?? '') ? Number(env.MAILHELP_MAX_CONNECTIONS) : undefined;
  return {
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
    ...(Number.isFinite(loginTimeout) && loginTimeout > 0 ? { loginTimeoutMs: loginTimeout } : {}),
    dnsServers: listFromEnv(env.MAILHELP_DNS_SERVERS),
    dnsblZones: listFromEnv(env.MAILHELP_DNSBL_ZONES),
    allowNets: listFromEnv(env.MAILHELP_ALLOW_NETS),
    allowPorts: ports,
    ...(maxConnections !== undefined ? { maxConnections } : {}),
  };
}

/** Where a chat conversation happens: a thread in the channel where /mailhelp was typed, or a direct message. */
export type ConversationMode = 'thread' | 'dm';

/**
 * MAILHELP_CONVERSATION: `thread` (default) or `dm`, for admins who want no check visible in
 * channels at all. Any other value is a mistake worth stopping for, so it throws, naming it.
 */
export function conversationModeFromEnv(env: NodeJS.ProcessEnv = process.env): ConversationMode {
  const value = env.MAILHELP_CONVERSATION?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'thread') return 'thread';
  if (value === 'dm') return 'dm';
  throw new RangeError(`MAILHELP_CONVERSATION: expected "thread" or "dm", not "${env.MAILHELP_CONVERSATION?.slice(0, 40)}"`);
}
