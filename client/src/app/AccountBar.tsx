import { useAccount } from '../auth/account';
import { SyncStatus } from './SyncStatus';
import { trpc } from './trpc-react';

/**
 * Who is signed in (the API's own answer, `me`), whether their changes are saved
 * (the sync status line) and the way out. A navigation landmark, so assistive
 * technology can jump straight to it.
 */
export function AccountBar() {
  const { signOut } = useAccount();
  // The name does not change while signed in; the cache is cleared on sign-out.
  const me = trpc.me.useQuery(undefined, { staleTime: Infinity, refetchOnWindowFocus: false });
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
