/**
 * The overall deadline of one diagnosis, a backstop behind the per-step and per-command ones:
 * whatever a server does, a diagnosis holds its queue slot no longer than this. A diagnosis is
 * at most about eight steps one after another (DNS, connect, TLS, greeting, capabilities,
 * STARTTLS, capabilities again, a version scan or a suggestion check), each bounded by the step
 * timeout, plus the login's own budget (servers delay failed logins on purpose).
 */
export const SEQUENTIAL_STEPS = 8;

export function diagnosisDeadlineMs(timeoutMs: number, loginTimeoutMs: number): number {
  return SEQUENTIAL_STEPS * timeoutMs + loginTimeoutMs;
}
