/** Schema issues become `{ path, message }` pairs a client can point at a field with. */
import { describe, expect, it } from 'vitest';
import { describeIssues, validationIssues } from './validation-issues';

describe('validation issues', () => {
  it('are undefined for anything that is not a schema error', () => {
    expect(validationIssues(new Error('x'))).toBeUndefined();
    expect(validationIssues(null)).toBeUndefined();
    expect(validationIssues({ issues: 'no' })).toBeUndefined();
  });

  it('join paths with dots, reading Standard Schema path segments too', () => {
    expect(
      validationIssues({
        issues: [
          { path: ['items', 0, 'name'], message: 'Too long' },
          { path: [{ key: 'items' }, { key: 1 }], message: 'Required' },
        ],
      }),
    ).toEqual([
      { path: 'items.0.name', message: 'Too long' },
      { path: 'items.1', message: 'Required' },
    ]);
  });

  it('call an issue with no path an issue of the whole input', () => {
    expect(validationIssues({ issues: [{ message: 'Expected object' }, { path: [], message: 'Bad' }] })).toEqual([
      { path: '(input)', message: 'Expected object' },
      { path: '(input)', message: 'Bad' },
    ]);
  });

  it('name unexpected fields, as zod/mini has no message for them', () => {
    expect(
      validationIssues({ issues: [{ path: ['items', 0], code: 'unrecognized_keys', keys: ['owner', 'pk'], message: '' }] }),
    ).toEqual([{ path: 'items.0', message: 'Unknown field(s): owner, pk' }]);
    expect(validationIssues({ issues: [{ code: 'unrecognized_keys', message: 'as given' }] })).toEqual([
      { path: '(input)', message: 'as given' },
    ]);
  });

  it('describe all issues in one line', () => {
    expect(
      describeIssues([
        { path: 'items.0.name', message: 'Too long' },
        { path: '(input)', message: 'Bad' },
      ]),
    ).toBe('Invalid input: items.0.name: Too long; (input): Bad');
  });
});
