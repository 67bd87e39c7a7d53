/** Where an invite token goes in the web app: `<origin>/#/join/<token>` (no schema here: the signed-out page reads it). */
export const INVITE_ROUTE_PREFIX = '#/join/';

export function inviteUrl(origin: string, token: string): string {
  return `${origin}/${INVITE_ROUTE_PREFIX}${token}`;
}
