import { useId, useState } from 'react';
import { useAccount } from '../auth/account';
import { sharedComputer } from '../auth/shared-computer';
import { AppShell } from './AppShell';

interface SignedOutProps {
  /** A session was stored in this tab but could not be renewed. */
  expired: boolean;
  /** Changes not sent yet when the session ended, kept on this device for the next sign-in. */
  keptChanges?: number;
  /** Why the last sign-in attempt failed, if it did. */
  error: string | undefined;
}

const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;

/**
 * The page without a user: the TodoMVC heading, a short line, "This is a shared
 * computer" and one Sign in button. No data. On a shared computer nothing of the
 * user's todos is kept in the browser (decision 065).
 */
export function SignedOut({ expired, keptChanges = 0, error }: SignedOutProps) {
  const { signIn } = useAccount();
  const [shared, setShared] = useState(sharedComputer.get);
  const hintId = useId();
  let status = 'Sign in to see and edit your todos.';
  if (expired) {
    status =
      keptChanges > 0
        ? `Your session has expired. Sign in again to send the ${changes(keptChanges)} not saved yet; until then they are kept on this device.`
        : 'Your session has expired. Sign in again to see your todos.';
  }
  return (
    <AppShell>
      <div className="sign-in-panel">
        {error !== undefined && (
          <p className="sign-in-error" role="alert">
            Sign-in did not work: {error}
          </p>
        )}
        <p role="status">{status}</p>
        <p className="shared-computer">
          <label>
            <input type="checkbox" checked={shared} aria-describedby={hintId} onChange={(event) => setShared(event.target.checked)} />
            This is a shared computer
          </label>
          <span id={hintId} className="shared-computer-hint">
            Your todos are then not kept in this browser: nothing stays after you close the tab, and changes made offline are lost if you reload.
          </span>
        </p>
        <button
          className="sign-in"
          type="button"
          onClick={() => {
            sharedComputer.set(shared);
            signIn();
          }}
        >
          Sign in
        </button>
      </div>
    </AppShell>
  );
}
