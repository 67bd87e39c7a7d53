/**
 * Test helper: people of the real API over HTTP (typed client; each a fresh user signed in at the
 * local identity provider, real tokens), and ways to compare outcomes of calls.
 */
import { TRPCClientError } from '@trpc/client';
import { v7 as uuidv7 } from 'uuid';
import { createTodosClient, type TodosClient } from '../../client/api/create-todos-client';
import type { LocalApi } from './local-api';

export interface ApiPerson {
  /** The user id (`me().id`, the token's `sub`). */
  id: string;
  name: string;
  api: TodosClient;
  /** Their access token, for requests the typed client does not make. */
  token: string;
}

/** A new user called `<name>-<uuid>` (what `me` returns as `name`), signed in through the sign-in page. */
export async function person(api: LocalApi, name: string): Promise<ApiPerson> {
  const userName = `${name}-${uuidv7()}`;
  const token = await api.identity.tokenFor(userName);
  // The local provider's subject for a user name (what `me` returns as `id`).
  return { id: `local:${userName}`, name: userName, token, api: createTodosClient({ url: api.url, getToken: () => token }) };
}

export interface CallError {
  code: string | undefined;
  status: number | undefined;
  message: string;
}

/** The outcome of a call, comparable between two calls: data, or the error's code, status and message. */
export async function outcome(call: Promise<unknown>): Promise<{ ok: unknown } | CallError> {
  try {
    return { ok: await call };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    return { code: data?.code, status: data?.httpStatus, message: error.message };
  }
}

/** The error of a call that must fail. */
export async function failure(call: Promise<unknown>): Promise<CallError & { data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = (error.data ?? {}) as Record<string, unknown>;
    return { code: data.code as string, status: data.httpStatus as number, message: error.message, data };
  }
  throw new Error('expected the call to fail');
}
