/**
 * Turns schema issues (zod/mini's ZodError or any Standard Schema error) into
 * `{ path, message }` pairs with dotted paths such as `items.0.name`, so a client can
 * point at the offending field.
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

function hasIssues(value: unknown): value is { issues: IssueLike[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

export function validationIssues(cause: unknown): ValidationIssue[] | undefined {
  if (!hasIssues(cause)) return undefined;
  return cause.issues.map((issue) => {
    const path = (issue.path ?? [])
      .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
      .join('.');
    // zod/mini ships without locale messages; say which keys were unexpected.
    const message =
      issue.code === 'unrecognized_keys' && issue.keys ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return { path: path || '(input)', message };
  });
}

export function describeIssues(issues: readonly ValidationIssue[]): string {
  return `Invalid input: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
}
