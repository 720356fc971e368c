import type { PortSecurity, Target } from '../settings/server-settings';
import type { CauseId } from './causes';
import type { Facts, Severity } from './report';

/**
 * A finding before it is put into words: the cause, the facts that prove it and, when the bot
 * verified one, the settings that work. ./localize turns it into a Finding in the user's language.
 */
export interface RawFinding {
  cause: CauseId;
  severity: Severity;
  target: Target | 'account';
  facts: Facts;
  /** Selects a wording of the evidence (i18next context), e.g. 'refused' or 'filtered'. */
  variant?: string;
  fixSettings?: PortSecurity & { host?: string };
  /**
   * A combination that answers but is not verified end to end, and what it still needs: a
   * certificate that passes verification, or a login that works. Never offered as `fixSettings`.
   */
  fixCandidate?: PortSecurity & { needs: 'certificate' | 'login' };
}

export function finding(
  cause: CauseId,
  severity: Severity,
  target: RawFinding['target'],
  facts: Facts,
  extra: Pick<RawFinding, 'variant' | 'fixSettings' | 'fixCandidate'> = {},
): RawFinding {
  return { cause, severity, target, facts, ...extra };
}
