/**
 * Where the browser tests' server listens. E2E_PORT lets several checkouts run their e2e tests
 * at once; the identity provider takes the next port, and DynamoDB Local the one after it, so
 * tests can store long lists straight into the table (e2e/fixtures.ts `UserApi.seed`).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3917);
export const E2E_DYNAMODB_PORT = E2E_PORT + 2;
