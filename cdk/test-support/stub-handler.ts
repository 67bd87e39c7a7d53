// Stand-in entry for unit tests: they skip bundling, but the asset folder (this file's folder)
// must exist, and the tests must not depend on the server code.
export const handler = (): Promise<{ statusCode: number }> => Promise.resolve({ statusCode: 200 });
