/**
 * `npm run token -- <user name>`: prints one line, an access token for that local
 * user, accepted by the running app's API (`npm start`; PORT as there). It signs in
 * through the local provider's sign-in page like a person would, so the token is
 * exactly what the web UI gets:
 *
 *   curl -H "Authorization: Bearer $(npm run -s token -- alice)" http://localhost:3000/trpc/todos.list
 */
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI, WEB_CONFIG_PATH, webConfigSchema } from '../shared/web-config';
import { signInLocallyByName } from '../client/api/local-sign-in';

async function main(): Promise<number> {
  const userName = process.argv.slice(2).join(' ').trim();
  if (!userName || userName === '--help' || userName === '-h') {
    console.error('Usage: npm run token -- <user name>   (needs `npm start` running; PORT as for npm start)');
    return userName ? 0 : 1;
  }
  const site = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  let config;
  try {
    const response = await fetch(`${site}${WEB_CONFIG_PATH}`, { signal: AbortSignal.timeout(5000) });
    config = webConfigSchema.parse(await response.json());
  } catch {
    console.error(`No local app answers at ${site}: start it with \`npm start\` (same PORT).`);
    return 1;
  }
  const tokens = await signInLocallyByName({
    authority: config.auth.authority,
    clientId: config.auth.cliClientId ?? 'todos-cli',
    redirectUri: CLI_LOOPBACK_REDIRECT_URI,
    userName,
    scope: USER_SIGN_IN_SCOPE,
  });
  process.stdout.write(`${tokens.accessToken}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
