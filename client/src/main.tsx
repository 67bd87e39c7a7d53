/**
 * Browser entry: reads `/config.json`, sets up sign-in (oidc-client-ts through
 * react-oidc-context), then renders the app inside tRPC's and TanStack Query's
 * providers. One QueryClient serves the collections' syncs and tRPC's React
 * queries (`me`); it is cleared whenever the signed-in user goes.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, hasAuthParams } from 'react-oidc-context';
import 'todomvc-app-css/index.css';
import './app/app.css';
import { AppShell } from './app/AppShell';
import { Root } from './app/Root';
import { trpc } from './app/trpc-react';
import { SessionRenewal } from './auth/session-renewal';
import { createUserManager, restoreRouteAfterSignIn } from './auth/user-manager';
import { loadWebConfig } from './auth/web-config';
import { accountApi, queryClient, setAccessTokenSource } from './data/app-data';
import { registerServiceWorker } from './service-worker';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('Missing #root element in index.html');
const root = createRoot(rootElement);

async function start(): Promise<void> {
  const config = await loadWebConfig();
  const userManager = createUserManager(config.auth);
  // Every API request reads the current token from the library's store (renewed in place),
  // renewing it first if it expired while the tab slept or was offline.
  const session = new SessionRenewal(userManager);
  setAccessTokenSource(session.accessToken);
  // A stored session whose token expired is renewed once before rendering; if the provider
  // cannot be reached (offline) the session is kept and renewed when the network is back.
  if (!hasAuthParams()) await session.renewIfExpired();
  session.watchConnectivity();

  root.render(
    <StrictMode>
      <AuthProvider userManager={userManager} onSigninCallback={restoreRouteAfterSignIn}>
        <trpc.Provider client={accountApi} queryClient={queryClient}>
          <QueryClientProvider client={queryClient}>
            <Root auth={config.auth} userManager={userManager} session={session} />
          </QueryClientProvider>
        </trpc.Provider>
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
