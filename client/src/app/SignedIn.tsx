/**
 * The signed-in app: the user's data, the account bar and the TodoMVC list. Its own
 * chunk (with TanStack DB, TanStack Query and the tRPC client), loaded through
 * signed-in-loader.ts: the signed-out page and the sign-in round trip never load it.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../data/app-data';
import { userDataFor, UserDataContext } from '../data/user-data';
import { AccountBar } from './AccountBar';
import { App } from './App';

export { setAccessTokenSource } from '../data/app-data';
export { endSession, forgetUser, releaseUserData } from '../data/user-data';

export default function SignedIn({ userId }: { userId: string }) {
  // The same object for as long as this user is signed in (memoized by id).
  const data = userDataFor(userId);
  return (
    <QueryClientProvider client={queryClient}>
      <UserDataContext.Provider value={data}>
        <AccountBar />
        <App />
      </UserDataContext.Provider>
    </QueryClientProvider>
  );
}
