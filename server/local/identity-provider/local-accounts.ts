/**
 * Local development has users but no passwords: any user name is a user, and the
 * same name (ignoring case and extra spaces) is the same user across restarts,
 * because the account id (`sub`) is derived from the name alone.
 */
export const USER_NAME_MAX_LENGTH = 64;

/** Trimmed, inner whitespace collapsed, lower case; `undefined` when empty or too long. */
export function normalizeUserName(raw: string): string | undefined {
  const name = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  return name.length > 0 && name.length <= USER_NAME_MAX_LENGTH ? name : undefined;
}

const SUB_PREFIX = 'local:';

/** The account id of a (normalized) user name: readable in the table's keys and logs. */
export function accountIdFor(name: string): string {
  return `${SUB_PREFIX}${name}`;
}

/** The user name behind an account id, or `undefined` if it is not a local account id. */
export function userNameOf(accountId: string): string | undefined {
  if (!accountId.startsWith(SUB_PREFIX)) return undefined;
  return normalizeUserName(accountId.slice(SUB_PREFIX.length));
}
