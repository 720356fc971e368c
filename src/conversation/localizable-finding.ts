import type { CauseId } from '../diagnosis/causes';
import type { Facts, Severity } from '../diagnosis/report';
import type { Target } from '../settings/server-settings';
import type { Text } from './text';

/**
 * A finding the conversation adds itself (client side suspected, what the user's pasted
 * output shows). Its texts are still keys; the runner localizes them into a `Finding`.
 */
export interface LocalizableFinding {
  cause: CauseId;
  severity: Severity;
  target: Target | 'account';
  evidence: Text;
  fix?: { summary: Text; steps: Text[] };
  facts: Facts;
}
