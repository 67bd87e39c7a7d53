import { useTodosCollection } from '../data/user-data';
import { setAllStatus } from './todo-actions';

/**
 * Checked when every todo is completed. Clicking completes all, or, when all
 * are already completed, makes all pending again: one update for all rows.
 */
export function ToggleAll({ allCompleted }: { allCompleted: boolean }) {
  const collection = useTodosCollection();
  return (
    <>
      <input
        id="toggle-all"
        className="toggle-all"
        type="checkbox"
        checked={allCompleted}
        onChange={() => void setAllStatus(collection, allCompleted ? 'pending' : 'completed')}
      />
      <label htmlFor="toggle-all">Mark all as complete</label>
    </>
  );
}
