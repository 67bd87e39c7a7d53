/**
 * The person's lists as the navigation shows them: the default list first, then by name. A
 * person has at most LISTS_PER_PERSON_MAX lists, so the sorted array is made anew on a change.
 */
import { useEffect, useState } from 'react';
import type { List } from '../../../shared/list';
import { useUserData } from '../data/user-data';

const byPlace = (a: List, b: List) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);

export function useLists(): { lists: List[]; ready: boolean } {
  const { lists } = useUserData();
  const read = () => ({ lists: [...lists.toArray].sort(byPlace), ready: lists.status === 'ready' });
  const [state, setState] = useState(read);
  useEffect(() => {
    const update = () => setState(read());
    const subscription = lists.subscribeChanges(update);
    const stopStatus = lists.on('status:change', update);
    update();
    return () => {
      subscription.unsubscribe();
      stopStatus();
    };
    // `read` closes over `lists` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lists]);
  return state;
}
