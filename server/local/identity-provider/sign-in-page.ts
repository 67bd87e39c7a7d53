/**
 * The local provider's own sign-in page (instead of oidc-provider's development
 * pages): one labelled "User name" field and a "Sign in" button. Plain HTML, no
 * script, accessible (landmark, label, visible focus, sufficient contrast).
 */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function signInPage(options: { action: string; clientName: string; error?: string; userName?: string }): string {
  const error = options.error
    ? `<p id="sign-in-error" class="error" role="alert">${escapeHtml(options.error)}</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · local identity provider</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #111; }
  main { max-width: 22rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px #0003; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; border: 1px solid #555; border-radius: 4px; }
  button { margin-top: 1rem; font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: 4px; background: #0b57d0; color: #fff; cursor: pointer; }
  :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  .note { color: #444; font-size: .875rem; }
  .error { color: #a00; font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>Sign in</h1>
  <p class="note">to ${escapeHtml(options.clientName)}. Local development: any user name is a user, no password.</p>
  ${error}
  <form method="post" action="${escapeHtml(options.action)}">
    <label for="username">User name</label>
    <input id="username" name="username" autocomplete="username" required maxlength="64" autofocus
      value="${escapeHtml(options.userName ?? '')}"${options.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : ''}>
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
