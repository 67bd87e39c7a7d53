/**
 * Test helper: people of the real API over HTTP (typed client, tokens signed by the local
 * identity provider's key with a fresh subject each), and a way to compare outcomes of calls.
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

export async function person(api: LocalApi, name: string): Promise<ApiPerson> {
  const id = `${name}-${uuidv7()}`;
  const token = await api.identity.forge({ ...api.identity.goodClaims(id), name });
  return { id, name, token, api: createTodosClient({ url: api.url, getToken: () => token }) };
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
