import { useTodosCollection } from '../data/user-data';
import { clearCompleted } from './todo-actions';
import type { TodoCounts } from './todo-queries';
import { FILTER_HREFS, type Filter } from './use-hash-route';

const FILTER_LABELS: Record<Filter, string> = { all: 'All', active: 'Active', completed: 'Completed' };
const FILTERS = Object.keys(FILTER_LABELS) as Filter[];

/** Count of active todos, filter links (current one `selected`) and "Clear completed". */
export function Footer({ counts, filter }: { counts: TodoCounts; filter: Filter }) {
  const collection = useTodosCollection();
  return (
    <footer className="footer">
      <span className="todo-count">
        <strong>{counts.active}</strong> {counts.active === 1 ? 'item' : 'items'} left
      </span>
      <ul className="filters">
        {FILTERS.map((name) => (
          <li key={name}>
            <a href={FILTER_HREFS[name]} className={name === filter ? 'selected' : undefined}>
              {FILTER_LABELS[name]}
            </a>
          </li>
        ))}
      </ul>
      {counts.completed > 0 && (
        <button className="clear-completed" type="button" onClick={() => void clearCompleted(collection)}>
          Clear completed
        </button>
      )}
    </footer>
  );
}
