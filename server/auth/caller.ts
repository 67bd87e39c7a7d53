/**
 * Who is calling, as established by a verified access token. Everything a
 * procedure may know about identity is here; the owner of the data is `id`.
 */
export interface Caller {
  /** The token's `sub`: a user id, or for a service (client-credentials) token the client id. */
  id: string;
  /** What to show for this caller (name, email or user name claims; else the id). */
  name: string;
  /** `service` for client-credentials tokens (`sub` equals `client_id`), else `user`. */
  kind: 'user' | 'service';
  /** Granted OAuth scopes (`todos/read`, `todos/write`: checked for every data call; see protectedProcedure). */
  scopes: ReadonlySet<string>;
}
