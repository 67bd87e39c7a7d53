/** What the UI can ask of the sign-in layer, wherever it is (header, error banner, load error). */
import { createContext, useContext } from 'react';

export interface Account {
  /** Redirects to the identity provider; the current filter (URL hash) comes back after sign-in. */
  signIn: () => void;
  /** Forgets this user's data in the tab, ends the session at the provider, comes back signed out. */
  signOut: () => void;
}

export const AccountContext = createContext<Account | null>(null);

export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount() outside <AccountContext>');
  return account;
}
