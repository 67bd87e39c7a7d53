import { useOpenList } from '../data/user-data';
import { setAllStatus } from './todo-actions';

/**
 * Checked when every todo is completed. Clicking completes all, or, when all
 * are already completed, makes all pending again: one update for all rows.
 * The checkbox carries the name; the label is only the visible chevron (hidden
 * from assistive technology, so the name is read once and without the glyph).
 */
export function ToggleAll({ allCompleted }: { allCompleted: boolean }) {
  const todos = useOpenList();
  return (
    <>
      <input
        id="toggle-all"
        className="toggle-all"
        type="checkbox"
        aria-label="Mark all as complete"
        checked={allCompleted}
        onChange={() => void setAllStatus(todos, allCompleted ? 'pending' : 'completed')}
      />
      <label htmlFor="toggle-all" aria-hidden="true">
        Mark all as complete
      </label>
    </>
  );
}
