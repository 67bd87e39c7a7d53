/**
 * `@todos/api-client`: the typed client of the todos API for other TypeScript
 * programs, published as a package (built by `npm run pack:client`, decision 019).
 * Only client code is bundled; `AppRouter` ships as type declarations.
 */
export { createTodosClient, type AppRouter, type TodosClient } from '../create-todos-client';
export { clientCredentialsToken, type ClientCredentialsOptions } from '../client-credentials';
export { fetchAllTodos } from '../fetch-all-todos';
export type { LinkOptions } from '../trpc-links';
export type { Tokens } from '../token-response';
export { TODOS_READ_SCOPE, TODOS_WRITE_SCOPE } from '../../../shared/auth-scopes';
export type { NewTodo, Todo, TodoChanges, TodoPage, TodoStatus, TodoUpdate } from '../../../shared/todo';
