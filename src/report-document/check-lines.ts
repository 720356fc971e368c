import type { Check } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';
import { checkDetail } from './check-detail';
import { checkLabel, STATUS_SYMBOL, statusLabel, targetLabel } from './labels';
import type { DocumentCheck } from './report-document';
import { clip, TEXT_LIMITS } from './text-limits';

/** One check as people read it; the progress message and the report use the same lines. */
export function documentCheck(t: Translate, check: Check, language = languageOf(t)): DocumentCheck {
  return {
    label: t('report:check_label', { target: targetLabel(t, check.target), check: checkLabel(t, check.name) }),
    status: check.status,
    statusLabel: statusLabel(t, check.status),
    symbol: STATUS_SYMBOL[check.status],
    detail: clip(checkDetail(t, check, language), TEXT_LIMITS.checkDetail),
    ms: check.ms,
  };
}

/** The language a bound `t` speaks (i18next's fixed T carries it). */
function languageOf(t: Translate): string {
  return (t as unknown as { lng?: string }).lng ?? 'en';
}
