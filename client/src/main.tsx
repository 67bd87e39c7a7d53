/**
 * Browser entry: reads `/config.json`, sets up sign-in (oidc-client-ts through
 * react-oidc-context), then renders the page for the sign-in state. The code is
 * written against React's API and runs on Preact through preact/compat (aliases in
 * vite.config.ts, decision 045). The signed-in app (TanStack DB and Query, the
 * tRPC client) is a chunk of its own, loaded only with a session
 * (app/signed-in-loader.ts), so the signed-out page and the sign-in round trip
 * load about a fifth of the JavaScript.
 */
// Preact's DevTools hook (a few hundred bytes), present in production as React's is: the
// browser extension and the render-count test (e2e/performance.spec.ts) attach through it.
import 'preact/devtools';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider, hasAuthParams } from 'react-oidc-context';
import 'todomvc-app-css/index.css';
import './app/app.css';
import { AppShell } from './app/AppShell';
import { Root } from './app/Root';
import { loadSignedIn, setSignedInTokenSource } from './app/signed-in-loader';
import { SessionRenewal } from './auth/session-renewal';
import { createUserManager, restoreRouteAfterSignIn } from './auth/user-manager';
import { loadWebConfig } from './auth/web-config';
import { registerServiceWorker } from './service-worker';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('Missing #root element in index.html');
const root = createRoot(rootElement);

/** oidc-client-ts keeps this tab's user under `oidc.user:<authority>:<client id>`. */
const hasStoredSession = () => Object.keys(sessionStorage).some((key) => key.startsWith('oidc.user:'));

async function start(): Promise<void> {
  // Coming back from sign-in, or a stored session: the signed-in app will be needed, so its
  // chunk loads while the settings are read.
  // A failure here shows when the app is rendered (Root).
  if (hasAuthParams() || hasStoredSession()) loadSignedIn().catch(() => undefined);
  const config = await loadWebConfig();
  const userManager = createUserManager(config.auth);
  // Back from the provider: the code exchange goes out now, not after the first render.
  if (hasAuthParams()) userManager.startSigninCallback();
  // Every API request reads the current token from the library's store (renewed in place),
  // renewing it first if it expired while the tab slept or was offline.
  const session = new SessionRenewal(userManager);
  setSignedInTokenSource(session.accessToken);
  // A stored session whose token expired is renewed once before rendering; if the provider
  // cannot be reached (offline) the session is kept and renewed when the network is back.
  if (!hasAuthParams()) await session.renewIfExpired();
  session.watchConnectivity();

  root.render(
    <StrictMode>
      <AuthProvider userManager={userManager} onSigninCallback={restoreRouteAfterSignIn}>
        <Root auth={config.auth} userManager={userManager} session={session} />
      </AuthProvider>
    </StrictMode>,
  );
}

start()
  .catch((error: unknown) => {
    console.error(error);
    root.render(
      <AppShell>
        <p className="load-error" role="alert">
          The app could not start (its settings could not be read). Reload the page to try again.
        </p>
      </AppShell>,
    );
  })
  // After the first render, so the worker's downloads do not compete with it.
  .finally(registerServiceWorker);
