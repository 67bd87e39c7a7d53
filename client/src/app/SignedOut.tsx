import { useAccount } from '../auth/account';
import { AppShell } from './AppShell';

interface SignedOutProps {
  /** A session was stored in this tab but could not be renewed. */
  expired: boolean;
  /** Why the last sign-in attempt failed, if it did. */
  error: string | undefined;
}

/** The page without a user: the TodoMVC heading, a short line, and one Sign in button. No data. */
export function SignedOut({ expired, error }: SignedOutProps) {
  const { signIn } = useAccount();
  return (
    <AppShell>
      <div className="sign-in-panel">
        {error !== undefined && (
          <p className="sign-in-error" role="alert">
            Sign-in did not work: {error}
          </p>
        )}
        <p role="status">
          {expired ? 'Your session has expired. Sign in again to see your todos.' : 'Sign in to see and edit your todos.'}
        </p>
        <button className="sign-in" type="button" onClick={signIn}>
          Sign in
        </button>
      </div>
    </AppShell>
  );
}
