/** The repository's errors carry the ids and say in words what went wrong (decision 008). */
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, TodoConflictError, TodoLimitError, TodoNotFoundError } from './todo-errors';

describe('todo errors', () => {
  it('name every missing id', () => {
    const error = new TodoNotFoundError(['a', 'b']);
    expect(error).toMatchObject({ name: 'TodoNotFoundError', ids: ['a', 'b'], message: 'Todo not found: a, b' });
  });

  it('tell a taken id from a stale version', () => {
    expect(new TodoConflictError(['a'], 'id-taken')).toMatchObject({
      name: 'TodoConflictError',
      ids: ['a'],
      reason: 'id-taken',
      message: 'A different todo already exists with id: a',
    });
    expect(new TodoConflictError(['a', 'b'], 'version-mismatch')).toMatchObject({
      reason: 'version-mismatch',
      message: 'Todo was changed by someone else (version mismatch): a, b',
    });
  });

  it('name the limit in a sentence that says what to do', () => {
    expect(new TodoLimitError(100_000)).toMatchObject({
      name: 'TodoLimitError',
      limit: 100_000,
      message: 'You have reached the limit of 100,000 todos; delete some to add more',
    });
  });

  it('describe a bad cursor without echoing it', () => {
    expect(new InvalidCursorError()).toMatchObject({ name: 'InvalidCursorError', message: 'Invalid list cursor' });
  });
});
