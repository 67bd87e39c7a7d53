/**
 * An entity's fields taken from a value by a list that comes from the entity's schema
 * (`TODO_FIELDS`, `TODO_CONTENT_FIELDS`), so code that copies or compares rows never keeps a
 * field list of its own: a field added to the schema travels and counts everywhere.
 */

/** The `fields` of `value` that are set (an optional field left out stays out). */
export function pickFields<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const field of fields) if (value[field] !== undefined) picked[field] = value[field];
  return picked as Pick<T, K>;
}

/** True when `a` and `b` hold the same value in every one of `fields`. */
export function sameFields<T extends object>(a: T, b: T, fields: readonly (keyof T)[]): boolean {
  return fields.every((field) => a[field] === b[field]);
}
