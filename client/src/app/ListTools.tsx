/**
 * What a person can do with the open list besides its todos: the owner shares it (an invite
 * link with a role), sees and removes members, deletes it; a member sees the members and can
 * leave. Sharing needs the server (a link is made there): these call the API directly, and
 * say so when it cannot be reached.
 */
import { useEffect, useState } from 'react';
import { LIST_NAME_MAX_LENGTH } from '../../../shared/limits';
import { INVITE_ROLES, type InviteRole, type List, type Member } from '../../../shared/list';
import { api } from '../data/app-data';
import { describeFailure } from '../data/error-text';
import { useUserData } from '../data/user-data';
import { announcer } from './announcer';
import { hrefOf } from './use-hash-route';

const ROLE_LABELS: Record<InviteRole, string> = { editor: 'Editor (reads and writes)', viewer: 'Viewer (reads)' };

function SharePanel({ list }: { list: List }) {
  const [role, setRole] = useState<InviteRole>('editor');
  // Each role gets its own link; until the one for the chosen role is made, "Making a link…".
  const [made, setMade] = useState<{ role: InviteRole; url?: string; error?: string } | undefined>();
  useEffect(() => {
    let current = true;
    api.lists.invite.mutate({ listId: list.id, role }).then(
      (invite) => current && setMade({ role, url: invite.url }),
      (error: unknown) => current && setMade({ role, error: `Could not make an invite link: ${describeFailure(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [list.id, role]);
  const link = made?.role === role ? made : undefined;
  const [revoked, setRevoked] = useState<string | undefined>();

  async function revoke() {
    try {
      await api.lists.revokeInvites.mutate({ listId: list.id });
      setRevoked('Every link made so far no longer works.');
      // A new link for the role shown: the one in the field was just revoked.
      setMade(undefined);
      const invite = await api.lists.invite.mutate({ listId: list.id, role });
      setMade({ role, url: invite.url });
    } catch (error) {
      setRevoked(`Could not revoke the links: ${describeFailure(error)}`);
    }
  }
  return (
    <div className="list-panel" role="group" aria-label={`Share “${list.name}”`}>
      <label>
        Role{' '}
        <select value={role} onChange={(event) => setRole(event.currentTarget.value as InviteRole)}>
          {INVITE_ROLES.map((name) => (
            <option key={name} value={name}>
              {ROLE_LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      {link === undefined && <p role="status">Making a link…</p>}
      {link?.error !== undefined && <p role="alert">{link.error}</p>}
      {link?.url !== undefined && (
        <label>
          Invite link{' '}
          <input readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} />
        </label>
      )}
      <button type="button" onClick={() => void revoke()}>
        Revoke links
      </button>
      {revoked !== undefined && <p role="status">{revoked}</p>}
    </div>
  );
}

function MembersPanel({ list }: { list: List }) {
  const { userId } = useUserData();
  const [members, setMembers] = useState<Member[] | { error: string } | undefined>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    api.lists.members.query({ listId: list.id }).then(
      (page) => current && setMembers(page.items),
      (error: unknown) => current && setMembers({ error: `Could not read the members: ${describeFailure(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [list.id, version]);

  async function remove(member: Member) {
    try {
      await api.lists.removeMember.mutate({ listId: list.id, userId: member.userId });
      announcer.say(`${member.name} removed.`);
      setVersion((v) => v + 1);
    } catch (error) {
      setMembers({ error: `Could not remove ${member.name}: ${describeFailure(error)}` });
    }
  }

  if (members === undefined) return <p role="status">Reading the members…</p>;
  if ('error' in members) return <p role="alert">{members.error}</p>;
  return (
    <ul className="list-panel members" aria-label={`Members of “${list.name}”`}>
      {members.map((member) => (
        <li key={member.userId}>
          {member.name} ({member.role})
          {list.role === 'owner' && member.userId !== userId && (
            <button type="button" onClick={() => void remove(member)}>
              Remove {member.name}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A field named "List name" with the list's name: Enter renames (through the outbox), Escape leaves it as it was. */
function RenameField({ list, done }: { list: List; done: () => void }) {
  const { lists } = useUserData();
  return (
    <input
      className="list-rename"
      aria-label="List name"
      defaultValue={list.name}
      maxLength={LIST_NAME_MAX_LENGTH}
      ref={(node) => node?.focus()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') done();
        if (event.key !== 'Enter') return;
        const name = event.currentTarget.value.trim();
        if (name !== '' && name !== list.name) lists.update(list.id, (draft) => void (draft.name = name));
        done();
      }}
    />
  );
}

export function ListTools({ list }: { list: List }) {
  const { lists, sync } = useUserData();
  const [panel, setPanel] = useState<'share' | 'members' | undefined>();
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const toggle = (name: 'share' | 'members') => setPanel((open) => (open === name ? undefined : name));

  async function leave() {
    try {
      await api.lists.leave.mutate({ listId: list.id });
      sync.left(list.id);
      window.location.hash = hrefOf(undefined);
      announcer.say(`You left “${list.name}”.`);
    } catch (failure) {
      setError(`Could not leave “${list.name}”: ${describeFailure(failure)}`);
    }
  }

  function remove() {
    if (!window.confirm(`Delete “${list.name}” and its todos, for every member?`)) return;
    lists.delete(list.id);
    window.location.hash = hrefOf(undefined);
  }

  return (
    <div className="list-tools">
      {list.role !== 'viewer' && !renaming && (
        <button type="button" onClick={() => setRenaming(true)}>
          Rename list
        </button>
      )}
      {renaming && <RenameField list={list} done={() => setRenaming(false)} />}
      {list.role === 'owner' && (
        <button type="button" aria-expanded={panel === 'share'} onClick={() => toggle('share')}>
          Share
        </button>
      )}
      <button type="button" aria-expanded={panel === 'members'} onClick={() => toggle('members')}>
        Members
      </button>
      {list.role !== 'owner' && (
        <button type="button" onClick={() => void leave()}>
          Leave list
        </button>
      )}
      {list.role === 'owner' && !list.isDefault && (
        <button type="button" onClick={remove}>
          Delete list
        </button>
      )}
      {error && <p role="alert">{error}</p>}
      {panel === 'share' && <SharePanel list={list} />}
      {panel === 'members' && <MembersPanel list={list} />}
    </div>
  );
}
