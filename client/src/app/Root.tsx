/**
 * What the page shows for the sign-in state: the signed-out page, the TodoMVC app
 * of the signed-in user, or a short line while signing in or out. Each user gets
 * their own data (user-data.ts), created when they are first rendered and dropped
 * when they sign out, before the next user's data exists.
 */
import { useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { hasAuthParams, useAuth } from 'react-oidc-context';
import type { UserManager } from 'oidc-client-ts';
import type { WebAuthConfig } from '../../../shared/web-config';
import { AccountContext, type Account } from '../auth/account';
import { cognitoLogoutUrl, signInArgs } from '../auth/user-manager';
import { forgetUser, releaseUserData, userDataFor, UserDataContext } from '../data/user-data';
import { AccountBar } from './AccountBar';
import { LiveRegion } from './LiveRegion';
import { App } from './App';
import { SignedOut } from './SignedOut';
import { AppShell } from './AppShell';

interface RootProps {
  auth: WebAuthConfig;
  userManager: UserManager;
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

function SignedIn({ userId }: { userId: string }) {
  // The same object for as long as this user is signed in (memoized by id).
  const data = userDataFor(userId);
  return (
    <UserDataContext.Provider value={data}>
      <AccountBar />
      <App />
    </UserDataContext.Provider>
  );
}

export function Root({ auth: config, userManager }: RootProps) {
  const auth = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  const userId = auth.isAuthenticated ? auth.user?.profile.sub : undefined;

  // Signed out: the previous user's data goes once their components are gone.
  useEffect(() => {
    if (userId === undefined) releaseUserData();
  }, [userId]);

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
        void (async () => {
          const user = await userManager.getUser();
          if (user) await forgetUser(user.profile.sub);
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
            await userManager.removeUser();
            setSigningOut(false);
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
    content = <SignedOut expired={!!auth.user?.expired} error={failed} />;
  }
  return (
    <AccountContext.Provider value={account}>
      {content}
      <LiveRegion />
    </AccountContext.Provider>
  );
}
