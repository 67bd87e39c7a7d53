/**
 * Loads the signed-in app's chunk (SignedIn.tsx) once, and wires it to the sign-in
 * layer before anything in it can send a request: every API request asks
 * `accessToken` for the current token. main.tsx starts the load at once when this
 * tab has a stored session (in parallel with reading /config.json), so a signed-in
 * reload waits for no extra round trip.
 */
import { lazy } from 'react';

type SignedInModule = typeof import('./SignedIn');
type TokenSource = () => Promise<string | undefined>;

let tokenSource: TokenSource = () => Promise.resolve(undefined);
let loading: Promise<SignedInModule> | undefined;

/** Where API requests get the access token from (set once at start-up). */
export function setSignedInTokenSource(source: TokenSource): void {
  tokenSource = source;
}

export function loadSignedIn(): Promise<SignedInModule> {
  loading ??= import('./SignedIn').then(
    (module) => {
      module.setAccessTokenSource(() => tokenSource());
      return module;
    },
    (error: unknown) => {
      // Not kept: the next attempt (a remount, or a reload) tries the network again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The module if its load has started (there is user data to release only then). */
export function signedInIfLoaded(): Promise<SignedInModule> | undefined {
  return loading;
}

export const LazySignedIn = lazy(loadSignedIn);
