/**
 * A write that conflicts with what is stored (409): an id already used for other content, or an
 * `expectedVersion` that is not the stored one. One class for every entity, so the API maps them
 * one way and names the affected ids the same way (decision 008).
 */
export type ConflictReason = 'id-taken' | 'version-mismatch';

export class ConflictError extends Error {
  constructor(
    readonly entity: 'todo' | 'list',
    readonly ids: readonly string[],
    readonly reason: ConflictReason,
  ) {
    const Entity = entity === 'todo' ? 'Todo' : 'List';
    super(
      reason === 'id-taken'
        ? `A different ${entity} already exists with id: ${ids.join(', ')}`
        : `${Entity} was changed by someone else (version mismatch): ${ids.join(', ')}`,
    );
    this.name = 'ConflictError';
  }
}
