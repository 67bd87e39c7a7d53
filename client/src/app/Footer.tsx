import { useOpenList } from '../data/user-data';
import { clearCompleted } from './todo-actions';
import type { TodoCounts } from './todo-queries';
import { hrefOf, type Filter } from './use-hash-route';

const FILTER_LABELS: Record<Filter, string> = { all: 'All', active: 'Active', completed: 'Completed' };
const FILTERS = Object.keys(FILTER_LABELS) as Filter[];

/**
 * Count of active todos, filter links (current one `selected` and
 * `aria-current="page"`) and "Clear completed" (the button disappears and focus
 * moves to the Undo it offers, ErrorBanner.tsx).
 */
export function Footer({ counts, filter }: { counts: TodoCounts; filter: Filter }) {
  const todos = useOpenList();
  return (
    <footer className="footer">
      <span className="todo-count">
        <strong>{counts.active}</strong> {counts.active === 1 ? 'item' : 'items'} left
      </span>
      <nav className="filters-nav" aria-label="Filter todos">
        <ul className="filters">
          {FILTERS.map((name) => (
            <li key={name}>
              <a
                href={hrefOf(todos.linkId, name)}
                className={name === filter ? 'selected' : undefined}
                aria-current={name === filter ? 'page' : undefined}
              >
                {FILTER_LABELS[name]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {counts.completed > 0 && !todos.readOnly && (
        <button
          className="clear-completed"
          type="button"
          onClick={() => void clearCompleted(todos)}
        >
          Clear completed
        </button>
      )}
    </footer>
  );
}
