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
