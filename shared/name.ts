/**
 * Names of things people type (todos, lists): one set of rules, each entity its own length.
 */
import * as z from 'zod/mini';

/**
 * Names are trimmed before the length check, so "   " is empty and rejected. With control
 * characters and lone surrogates refused, a valid name's size in bytes is bounded too
 * (TODO_NAME_MAX_UTF8_BYTES, TODO_NAME_MAX_JSON_BYTES in limits.ts: at most 3 bytes a unit).
 */
export function nameSchema(maxLength: number) {
  return z
    .string('Must be a string')
    .check(
      z.trim(),
      z.minLength(1, 'Must not be empty'),
      // Control characters would be escaped to 6 bytes each in JSON and have no place in a title.
      z.regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters'),
      // Half of a surrogate pair without its other half is no character at all: JSON escapes it to
      // 6 bytes (\ud800) and UTF-8 cannot encode it. (With the `u` flag, \p{Cs} matches only such
      // lone halves; a well-formed pair such as an emoji is one code point and passes.)
      z.regex(/^\P{Cs}*$/u, 'Must not contain broken characters (half of a surrogate pair)'),
      z.maxLength(maxLength, `Must be at most ${maxLength} characters`),
    );
}
