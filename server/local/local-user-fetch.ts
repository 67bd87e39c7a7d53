import { LOCAL_USER_HEADER } from './http-lambda-bridge';

/** A fetch that acts as `user` against the local API (see LOCAL_USER_HEADER); for tests and benchmarks. */
export function localUserFetch(user: string, baseFetch: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set(LOCAL_USER_HEADER, user);
    return baseFetch(input, { ...init, headers });
  };
}
