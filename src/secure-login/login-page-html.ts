import type { Translate } from '../i18n/translator';

/**
 * The HTML of the password page and of its messages. No script, no external asset: one inline
 * style carrying the response's CSP nonce. Every value put into the page is escaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; display: flex; min-height: 100vh; align-items: center; justify-content: center; background: Canvas; color: CanvasText; }
  main { max-width: 26rem; width: 100%; padding: 2rem 1.5rem; box-sizing: border-box; }
  h1 { font-size: 1.35rem; margin: 0 0 1rem; }
  p { line-height: 1.45; }
  label { display: block; font-weight: 600; margin: 1.25rem 0 .4rem; }
  input[type=password] { width: 100%; box-sizing: border-box; font-size: 1rem; padding: .6rem .7rem; border: 1px solid GrayText; border-radius: 6px; }
  button { margin-top: 1rem; width: 100%; font-size: 1rem; padding: .65rem; border: 0; border-radius: 6px; background: #1d6fd6; color: #fff; cursor: pointer; }
  .note { font-size: .85rem; opacity: .8; }
  .error { color: #b3261e; font-weight: 600; }
`;

interface PageShell {
  t: Translate;
  nonce: string;
  language: string;
  title: string;
  body: string;
}

function page({ t, nonce, language, title, body }: PageShell): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)} · ${escapeHtml(t('secure-login:product'))}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

export interface PasswordFormPage {
  t: Translate;
  nonce: string;
  language: string;
  user: string;
  csrfToken: string;
  minutesLeft: number;
  /** Shown above the field after a submit that could not be used (e.g. empty). */
  error?: string;
}

export function passwordFormHtml(p: PasswordFormPage): string {
  const { t } = p;
  const error = p.error ? `<p class="error" role="alert">${escapeHtml(p.error)}</p>\n` : '';
  // No `action`: the form posts back to this same one-time URL.
  const body = `<h1>${escapeHtml(t('secure-login:heading'))}</h1>
<p>${escapeHtml(t('secure-login:intro', { user: p.user }))}</p>
${error}<form method="post" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(p.csrfToken)}">
<label for="password">${escapeHtml(t('secure-login:password_label'))}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required autofocus maxlength="1024">
<button type="submit">${escapeHtml(t('secure-login:submit'))}</button>
</form>
<p class="note">${escapeHtml(t('secure-login:note', { count: p.minutesLeft }))}</p>`;
  return page({ t, nonce: p.nonce, language: p.language, title: t('secure-login:heading'), body });
}

export function messageHtml(p: { t: Translate; nonce: string; language: string; title: string; text: string }): string {
  const body = `<h1>${escapeHtml(p.title)}</h1>\n<p>${escapeHtml(p.text)}</p>`;
  return page({ t: p.t, nonce: p.nonce, language: p.language, title: p.title, body });
}
