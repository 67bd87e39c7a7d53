/**
 * Lambda artifact benchmark: size and cold-start cost of our handler bundle against
 * a naive tRPC + full `zod` + DynamoDB SDK handler (bench/naive-handler.ts), both
 * bundled with the same esbuild settings. Each sample is a fresh Node process, the
 * two bundles interleaved so machine load affects both alike.
 *
 * - import: time to `import()` the bundle (what Lambda's init phase does);
 * - cold request: import + first `todos.list` invocation against DynamoDB Local
 *   (for ours including the JWKS fetch and token verification), i.e. everything a
 *   cold start costs before the first response.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleLambda, ENTRY_FILE } from '../server/lambda/bundle';
import { kb, median, ms } from './measure';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 21);

/** Runs in a fresh process: prints wall-clock ms for import, then for import + first request. */
const PROBE = `
const t0 = performance.now();
const mod = await import(process.argv[1]);
const imported = performance.now() - t0;
let requested = NaN;
if (process.env.DDB_TODOS_TABLE_NAME) {
  const event = { version: '2.0', routeKey: '$default', rawPath: '/todos.list', rawQueryString: '',
    headers: { authorization: 'Bearer ' + process.env.BENCH_TOKEN },
    requestContext: { http: { method: 'GET', path: '/todos.list' }, domainName: 'localhost', requestId: 'bench' }, isBase64Encoded: false };
  const res = await mod.handler(event, { awsRequestId: 'bench' });
  if (res.statusCode !== 200) throw new Error('probe request failed: ' + res.statusCode + ' ' + res.body);
  requested = performance.now() - t0;
}
console.log(JSON.stringify({ imported, requested }));
`;

// Asynchronous: the local identity provider the probe fetches keys from runs in this process.
async function probe(entry: string, env: NodeJS.ProcessEnv): Promise<{ imported: number; requested: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', PROBE, entry], {
    env,
    encoding: 'utf8',
  });
  // The last line: our handler also writes its request log and metrics to stdout, as in Lambda.
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { imported: number; requested: number };
}

export interface ArtifactResult {
  name: string;
  totalBytes: number;
  loadedAtStartBytes: number;
  importMs: number;
  coldRequestMs: number;
}

/**
 * Needs the local backend running: its environment points the probes at DynamoDB
 * Local and the local identity provider. `token` is a user's access token, so our
 * probe's first request includes fetching the signing keys and verifying it (the
 * naive handler has no sign-in at all).
 */
export async function benchLambdaArtifact(token: string): Promise<ArtifactResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-bench-'));
  try {
    const candidates = [
      { name: 'this project (tRPC + zod/mini + modular DynamoDB SDK)', options: {} },
      {
        name: 'naive (tRPC + full zod + DynamoDB SDK, one file)',
        options: { entry: path.join(import.meta.dirname, 'naive-handler.ts'), lambdaOptimizations: false },
      },
    ];
    const built = await Promise.all(
      candidates.map(async (candidate, index) => {
        const outdir = path.join(dir, String(index));
        const size = await bundleLambda(outdir, candidate.options);
        return { ...candidate, ...size, file: path.join(outdir, ENTRY_FILE), imports: [] as number[], requests: [] as number[] };
      }),
    );
    // The backend has set the table, endpoint, region, credentials and AUTH_* variables.
    // Logs and metrics on, as in Lambda (the local stack turns them down for the console).
    const env = { ...process.env, BENCH_TOKEN: token, POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' };
    for (let sample = 0; sample < SAMPLES; sample++) {
      for (const candidate of built) {
        const result = await probe(candidate.file, env);
        candidate.imports.push(result.imported);
        candidate.requests.push(result.requested);
      }
    }
    return built.map((candidate) => ({
      name: candidate.name,
      totalBytes: candidate.totalBytes,
      loadedAtStartBytes: candidate.loadedAtStartBytes,
      importMs: median(candidate.imports),
      coldRequestMs: median(candidate.requests),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatArtifactResults(results: ArtifactResult[]): string {
  const [ours, naive] = results;
  const lines = [
    `| bundle | size (minified) | loaded at cold start | import (median of ${SAMPLES}) | import + first request |`,
    '|---|---|---|---|---|',
    ...results.map(
      (r) => `| ${r.name} | ${kb(r.totalBytes)} | ${kb(r.loadedAtStartBytes)} | ${ms(r.importMs)} | ${ms(r.coldRequestMs)} |`,
    ),
  ];
  if (ours && naive) {
    lines.push(
      '',
      `Import time ratio (ours / naive): ${(ours.importMs / naive.importMs).toFixed(2)}; ` +
        `cold request ratio: ${(ours.coldRequestMs / naive.coldRequestMs).toFixed(2)}.`,
    );
  }
  return lines.join('\n');
}
