import { escapeHtml, renderPage } from '@tokenmeter/reports';

/** The sign-in form: an API key in, a session cookie out (no script involved). */
export function renderLoginPage(opts: { next: string; csrf: string; error?: string }): string {
  const body = `
<h1>Sign in</h1>
<form class="login" method="post" action="/login">
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<label for="key">API key (finops or team)</label>
<input id="key" name="key" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="${escapeHtml(opts.next)}">
<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">
<button type="submit">Sign in</button>
</form>
<p class="note">The key is checked once; the browser keeps only an opaque session cookie.</p>`;
  return renderPage({ title: 'Sign in', who: null, body });
}
