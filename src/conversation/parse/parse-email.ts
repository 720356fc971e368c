/** Why a reply is not an email address, for a specific message. */
export type EmailProblem = 'empty' | 'no_at' | 'domain_only' | 'invalid';

export type EmailParse = { ok: true; email: string; domain: string } | { ok: false; problem: EmailProblem };

const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]{1,64}$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/**
 * Reads an email address from a reply. Accepts the wrappers chat clients and mail apps add:
 * `mailto:`, `<…>`, and Slack's `<mailto:a@b.c|a@b.c>` link form.
 */
export function parseEmail(raw: string): EmailParse {
  let candidate = raw.normalize('NFKC').trim();
  const slackLink = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/iu.exec(candidate);
  if (slackLink?.[1]) candidate = slackLink[1];
  candidate = candidate.replace(/^mailto:/iu, '').replace(/^<(.*)>$/u, '$1').replace(/[.。]$/u, '').trim();
  if (candidate === '') return { ok: false, problem: 'empty' };
  if (!candidate.includes('@')) return { ok: false, problem: looksLikeDomain(candidate) ? 'domain_only' : 'no_at' };
  const at = candidate.lastIndexOf('@');
  const local = candidate.slice(0, at);
  const domain = candidate.slice(at + 1).toLowerCase();
  if (candidate.length > 254 || !LOCAL_PART.test(local) || !isDomain(domain)) return { ok: false, problem: 'invalid' };
  return { ok: true, email: `${local}@${domain}`, domain };
}

function isDomain(domain: string): boolean {
  const labels = domain.split('.');
  return domain.length <= 253 && labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l));
}

function looksLikeDomain(candidate: string): boolean {
  return !/\s/u.test(candidate) && isDomain(candidate.toLowerCase());
}
