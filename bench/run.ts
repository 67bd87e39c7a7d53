/**
 * `npm run bench`: runs every benchmark against a fresh in-memory local stack and
 * prints the figures as Markdown; with `--write` also saves them to
 * bench/results.md (committed, so changes in the figures show up in review).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { USER_SIGN_IN_SCOPE } from '../shared/auth-scopes';
import { CLI_LOOPBACK_REDIRECT_URI } from '../shared/web-config';
import { signInLocallyByName } from '../client/api/local-sign-in';
import { findFreePort } from '../server/local/dynamodb-local';
import { LOCAL_CLI_CLIENT_ID } from '../server/local/identity-provider/local-clients';
import { loopbackOrigins, startLocalBackend } from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { benchApiLatency, formatLatencyResults } from './api-latency';
import { benchBundleSize, formatBundleSize } from './bundle-size';
import { benchReadCost, formatReadCost } from './dynamodb-read-cost';
import { benchLambdaArtifact, formatArtifactResults } from './lambda-artifact';
import { benchSync, formatSyncResults } from './sync';
import { benchUi, formatUiResults } from './ui';

// The UI benchmark measures the production build.
await build({ configFile: path.join(import.meta.dirname, '..', 'client', 'vite.config.ts'), logLevel: 'warn' });
const port = await findFreePort();
const backend = await startLocalBackend({ dataDir: false, identityPort: 0, webOrigins: loopbackOrigins(port) });
const server = createLocalServer(backend, path.join(import.meta.dirname, '..', 'client', 'dist'));
await listen(server, port);
const baseUrl = `http://127.0.0.1:${port}`;
/** A real access token of a fresh local user, through the provider's sign-in page. */
const tokenFor = async (userName: string) =>
  (
    await signInLocallyByName({
      authority: backend.identity.issuer,
      clientId: LOCAL_CLI_CLIENT_ID,
      redirectUri: CLI_LOOPBACK_REDIRECT_URI,
      userName,
      scope: USER_SIGN_IN_SCOPE,
    })
  ).accessToken;
const sections: string[] = [];
try {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  sections.push(
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${os.cpus().length} × ${cpu}, Node ${process.version}.`,
  );
  console.log('Shipped JavaScript…');
  sections.push('', '## Shipped JavaScript (web UI)', '', formatBundleSize(await benchBundleSize()));
  console.log('Lambda artifact…');
  sections.push('', '## Lambda artifact and cold start', '', formatArtifactResults(await benchLambdaArtifact(await tokenFor(`bench-cold-${Date.now()}`))));
  console.log('API latency…');
  sections.push('', '## API latency (local stack)', '', formatLatencyResults(await benchApiLatency(`${baseUrl}/trpc`, await tokenFor(`bench-${Date.now()}`))));
  console.log('DynamoDB read capacity…');
  sections.push(
    '',
    '## DynamoDB read capacity (change feed and full load)',
    '',
    formatReadCost(await benchReadCost(backend.dynamoEndpoint)),
    '',
    'DynamoDB Local reports 0 units for a Query that finds nothing; DynamoDB bills every Query at least 0.5 read unit (eventually consistent), so an idle poll costs 0.5 unit in AWS.',
  );
  // `npm run bench -- --quick` leaves out the 100,000-todo run (about 5 minutes of it).
  const sizes = process.argv.includes('--quick') ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  console.log('Web UI…');
  sections.push(
    '',
    '## Web UI at 1,000, 10,000 and 100,000 todos (headless Chromium)',
    '',
    'Before issue 10 (10,000 todos): open 3.6–5.4 s, toggle 17–24 ms, add 22–33 ms, all 10,000 rows in the DOM.',
    '',
    formatUiResults(await benchUi(baseUrl, sizes)),
  );
  console.log('Two browsers, one user…');
  sections.push('', '## Live sync between two browsers', '', formatSyncResults(await benchSync(baseUrl)));
} finally {
  server.closeAllConnections();
  server.close();
  await backend.stop();
}
const report = `${sections.join('\n')}\n`;
console.log(`\n${report}`);
if (process.argv.includes('--write')) {
  // Sections written elsewhere (`npm run load -- --write`, mutation figures, the profile breakdown from
  // `npm run bench:profile`) are kept.
  const file = path.join(import.meta.dirname, 'results.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = [...previous.matchAll(/\n## (?:Load|Mutation testing|Where the time goes)\b[^\n]*\n[\s\S]*?(?=\n## |$)/g)].map((match) => match[0].trimEnd());
  writeFileSync(file, `${report.trimEnd()}\n${kept.map((section) => `${section}\n`).join('')}`);
}
