import { useQuery } from '@tanstack/react-query';
import { useAccount } from '../auth/account';
import { accountApi } from '../data/app-data';
import { SyncStatus } from './SyncStatus';

/**
 * Who is signed in (the API's own answer, `me`), whether their changes are saved
 * (the sync status line) and the way out. A navigation landmark, so assistive
 * technology can jump straight to it. `me` is a plain TanStack Query over the typed
 * client's own instance (`accountApi`, never batched with the collection's requests),
 * in the app's QueryClient, cleared on sign-out.
 */
export function AccountBar() {
  const { signOut } = useAccount();
  // The name does not change while signed in; the cache is cleared on sign-out.
  const me = useQuery({ queryKey: ['me'], queryFn: () => accountApi.me.query(), staleTime: Infinity, refetchOnWindowFocus: false });
  return (
    <nav className="account" aria-label="Account">
      <SyncStatus />
      <span className="account-user">
        {me.data ? (
          <>
            Signed in as <strong className="account-name">{me.data.name}</strong>
          </>
        ) : (
          'Signed in'
        )}
      </span>
      <button className="sign-out" type="button" onClick={signOut}>
        Sign out
      </button>
    </nav>
  );
}
