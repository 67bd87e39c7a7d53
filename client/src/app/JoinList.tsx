/**
 * An invite link opened (`#/join/<token>`, signed in: the sign-in round trip keeps the
 * route): the person joins the list with the link's role, and it opens. A link that does not
 * work (expired, revoked, unknown) says so, with the way back to their todos.
 */
import { useEffect, useState } from 'react';
import { api } from '../data/app-data';
import { describeFailure } from '../data/error-text';
import { useUserData } from '../data/user-data';
import { announcer } from './announcer';
import { hrefOf } from './use-hash-route';

export function JoinList({ token }: { token: string }) {
  const { sync } = useUserData();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    api.lists.join.mutate({ token }).then(
      async (list) => {
        await sync.joined(list);
        if (!current) return;
        announcer.say(`You joined “${list.name}”.`);
        // Replaces the join route: Back does not join again.
        window.location.replace(hrefOf(list.id));
      },
      (error: unknown) => {
        if (!current) return;
        const notFound = (error as { data?: { code?: string } }).data?.code === 'NOT_FOUND';
        setFailure(notFound ? 'This invite link does not work: it has expired, was revoked, or its list was deleted.' : `Could not join the list: ${describeFailure(error)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [sync, token]);
  if (failure === undefined)
    return (
      <p className="loading" role="status">
        Joining the list…
      </p>
    );
  return (
    <div className="join-failed">
      <p role="alert">{failure}</p>
      <a href={hrefOf(undefined)}>Back to your todos</a>
    </div>
  );
}
