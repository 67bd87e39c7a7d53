/**
 * What the page shows for the sign-in state: the signed-out page, the TodoMVC app
 * of the signed-in user, or a short line while signing in or out. Each user gets
 * their own data (user-data.ts), created when they are first rendered and dropped
 * when they sign out, before the next user's data exists.
 */
import { Component, Suspense, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { hasAuthParams, useAuth } from 'react-oidc-context';
import type { UserManager } from 'oidc-client-ts';
import type { WebAuthConfig } from '../../../shared/web-config';
import { AccountContext, type Account } from '../auth/account';
import type { SessionRenewal } from '../auth/session-renewal';
import { cognitoLogoutUrl, signInArgs } from '../auth/user-manager';
import { LiveRegion } from './LiveRegion';
import { LazySignedIn, loadSignedIn, signedInIfLoaded } from './signed-in-loader';
import { SignedOut } from './SignedOut';
import { AppShell } from './AppShell';

interface RootProps {
  auth: WebAuthConfig;
  userManager: UserManager;
  session: SessionRenewal;
}

function Pending({ text }: { text: string }) {
  return (
    <AppShell>
      <p className="auth-pending" role="status">
        {text}
      </p>
    </AppShell>
  );
}

/** The signed-in app's chunk could not be loaded (no network and no cached copy). */
class ChunkLoadError extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <AppShell>
        <p className="load-error" role="alert">
          The app could not be loaded. Reload the page to try again.
        </p>
      </AppShell>
    );
  }
}

/** The signed-in app is its own chunk (signed-in-loader.ts); already loading when a session is stored. */
function SignedIn({ userId }: { userId: string }) {
  return (
    <ChunkLoadError>
      <Suspense fallback={<Pending text="Signing in…" />}>
        <LazySignedIn userId={userId} />
      </Suspense>
    </ChunkLoadError>
  );
}

export function Root({ auth: config, userManager, session }: RootProps) {
  const auth = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  // A session whose token expired while the identity provider cannot be reached (offline)
  // stays signed in with its local data; it is renewed once the network is back (decision 044).
  const providerUnreachable = useSyncExternalStore(session.subscribe, session.isProviderUnreachable);
  // The provider refused to renew the session: it has ended for good in this tab.
  const refused = useSyncExternalStore(session.subscribe, session.isRefused);
  const keptOffline = providerUnreachable && !!auth.user?.expired && !!auth.user.refresh_token;
  const userId = (auth.isAuthenticated || keptOffline) && !refused ? auth.user?.profile.sub : undefined;
  // A stored user whose session ended without sign-out (renewal refused, or expired with no
  // way to renew): signed out here, and their local copy goes (decision 065).
  const ended = userId === undefined && (refused || !!auth.user?.expired) ? auth.user?.profile.sub : undefined;
  // How many unsent changes were kept on this device for the user's next sign-in.
  const [keptChanges, setKeptChanges] = useState(0);

  // Signed out: the previous user's data goes once their components are gone (there is
  // none if the signed-in app was never loaded). A session that ended without sign-out
  // also deletes the user's local copy of the list, keeping only what was not sent yet.
  useEffect(() => {
    if (userId !== undefined) return;
    if (ended === undefined) {
      void signedInIfLoaded()?.then((signedIn) => signedIn.releaseUserData());
      return;
    }
    let current = true;
    void loadSignedIn()
      .then((signedIn) => signedIn.endSession(ended))
      .then((kept) => current && setKeptChanges(kept))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [userId, ended]);

  // A failed callback (e.g. a stale or reused code): drop `?code=&state=` so a reload starts clean.
  const callbackFailed = auth.error?.source === 'signinCallback';
  useEffect(() => {
    if (callbackFailed && hasAuthParams()) window.history.replaceState(null, '', window.location.pathname);
  }, [callbackFailed]);

  const account = useMemo<Account>(
    () => ({
      signIn: () => void auth.signinRedirect(signInArgs()),
      signOut: () => {
        // Take the user's components off the page first, then drop their data.
        flushSync(() => setSigningOut(true));
        // Without the provider: the tab's session goes; the refresh token lapses unused (it lives only in this tab).
        const signOutOfThisTab = async () => {
          await userManager.removeUser();
          setSigningOut(false);
        };
        void (async () => {
          const user = await userManager.getUser();
          if (user) await (await loadSignedIn()).forgetUser(user.profile.sub);
          // No network: a redirect to the provider would end on the browser's error page.
          if (!navigator.onLine) return signOutOfThisTab();
          try {
            // The refresh token is useless from now on: tell the provider (best effort).
            await userManager.revokeTokens(['refresh_token']).catch(() => undefined);
            if (config.logoutEndpoint) {
              await userManager.removeUser();
              window.location.assign(cognitoLogoutUrl(config, config.logoutEndpoint));
            } else {
              await userManager.signoutRedirect();
            }
          } catch {
            // The provider is unreachable: at least sign out of this tab.
            await signOutOfThisTab();
          }
        })();
      },
    }),
    [auth, userManager, config],
  );

  let content;
  if (signingOut) content = <Pending text="Signing out…" />;
  else if (userId !== undefined) content = <SignedIn key={userId} userId={userId} />;
  else if (auth.isLoading) content = <Pending text="Signing in…" />;
  else {
    const source = auth.error?.source;
    const failed = source === 'signinCallback' || source === 'signinRedirect' ? auth.error?.message : undefined;
    content = <SignedOut expired={ended !== undefined} keptChanges={keptChanges} error={failed} />;
  }
  return (
    <AccountContext.Provider value={account}>
      {content}
      <LiveRegion />
    </AccountContext.Provider>
  );
}
