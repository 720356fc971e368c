import { hostname } from 'node:os';
import type { Translate } from '../i18n/translator';
import type { Vantage } from './report';

/**
 * Where the checks ran from. The bot tests from its own network, not the user's device, and
 * every report has to say so (docs/architecture.md "Vantage point"). MAILHELP_VANTAGE names it for people.
 */
export function describeVantage(t: Translate, label = process.env.MAILHELP_VANTAGE): Vantage {
  const host = label || hostname();
  return { host, description: t('causes:vantage', { host }) };
}
