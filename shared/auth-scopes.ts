/**
 * OAuth scopes of the todos API. Cognito names a resource server's scopes
 * `<identifier>/<scope>`; the local provider uses the same names, so service code
 * and checks are identical in both places.
 */
export const TODOS_READ_SCOPE = 'todos/read';
export const TODOS_WRITE_SCOPE = 'todos/write';

/** What a browser or CLI user asks for: an OpenID sign-in plus both API scopes. */
export const USER_SIGN_IN_SCOPE = `openid email profile ${TODOS_READ_SCOPE} ${TODOS_WRITE_SCOPE}`;
