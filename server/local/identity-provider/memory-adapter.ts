/**
 * Where the local provider keeps its state (sessions, grants, interactions, codes,
 * refresh tokens): in memory, for as long as the process runs. A restart therefore
 * ends sessions at the provider and refresh tokens (sign in again); access tokens stay
 * valid until they expire, because the signing keys are kept on disk (signing-keys.ts).
 *
 * oidc-provider's own in-memory adapter does the same, but warns on every start that
 * it is meant for development; for this development-only provider that is the choice,
 * so it is made here, explicitly, and the start stays quiet.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; Infinity when the provider gave no lifetime. */
  expiresAt: number;
}

/** Expired entries are dropped when found, and all at once whenever the store has grown this much. */
const SWEEP_EVERY = 1000;

export function memoryAdapter(now: () => number = Date.now): AdapterFactory {
  const store = new Map<string, Entry>();
  let writesSinceSweep = 0;

  const live = (key: string): Entry | undefined => {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    for (const key of store.keys()) live(key);
  };
  const findWhere = (model: string, matches: (payload: AdapterPayload) => boolean) => {
    for (const [key, entry] of store) {
      if (key.startsWith(`${model}:`) && entry.expiresAt > now() && matches(entry.payload)) return entry.payload;
    }
    return undefined;
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        if (++writesSinceSweep >= SWEEP_EVERY) {
          writesSinceSweep = 0;
          sweep();
        }
        store.set(keyOf(id), { payload, expiresAt: expiresIn ? now() + expiresIn * 1000 : Infinity });
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(keyOf(id))?.payload),
      findByUid: (uid) => Promise.resolve(findWhere(model, (payload) => payload.uid === uid)),
      findByUserCode: (userCode) => Promise.resolve(findWhere(model, (payload) => payload.userCode === userCode)),
      consume(id) {
        const entry = live(keyOf(id));
        if (entry) entry.payload.consumed = Math.floor(now() / 1000);
        return Promise.resolve();
      },
      destroy(id) {
        store.delete(keyOf(id));
        return Promise.resolve();
      },
      // Revoking a grant ends everything issued under it (codes, access and refresh tokens), whatever the model.
      revokeByGrantId(grantId) {
        for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
        return Promise.resolve();
      },
    };
  };
}
