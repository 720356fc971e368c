import type { Check, CheckFact } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';

/**
 * A check's detail in the reader's language, from its structured facts (locales/<lang>/checks.json):
 * "Verbunden mit 203.0.113.10, Port 993" rather than the engine's raw "203.0.113.10 port 993".
 * The raw `detail` (library and OpenSSL texts) is for --json and the logs; a check without facts
 * shows it only to English readers, so no English reaches anyone else.
 */
export function checkDetail(t: Translate, check: Check, language: string): string {
  if (check.about) return renderFact(t, check.about);
  return language === 'en' ? check.detail : '';
}

export function renderFact(t: Translate, fact: CheckFact): string {
  const values: Record<string, string | number> = { ...fact.values };
  for (const [name, code] of Object.entries(fact.codes ?? {})) values[name] = t(`checks:${code}`, { defaultValue: t('checks:unknown') });
  if (fact.parts) values[fact.parts.name] = fact.parts.facts.map((part) => renderFact(t, part)).join('; ');
  return t(`checks:detail.${fact.id}`, { ...values, defaultValue: '' });
}
