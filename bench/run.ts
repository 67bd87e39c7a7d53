/**
 * `npm run bench`: runs every benchmark against a fresh in-memory local stack and
 * prints the figures as Markdown; with `--write` also saves them to
 * bench/results.md (committed, so changes in the figures show up in review).
 * `npm run bench -- --only <section>` runs one section and only prints it (sections:
 * bundle, lambda, api, read-cost, list-costs, list-after-deletes, ui, sync). `--sizes=100000`
 * (comma-separated) picks the list sizes of the ui section, e.g. `npm run bench -- --only ui --sizes=100000`.
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
import { benchListAfterDeletes, formatListAfterDeletes } from './list-after-deletes';
import { benchListCosts, formatListCosts } from './list-costs';
import { benchSync, formatSyncResults } from './sync';
import { benchUi, formatUiResults } from './ui';

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const SECTIONS = ['bundle', 'lambda', 'api', 'read-cost', 'list-costs', 'list-after-deletes', 'ui', 'sync'] as const;
if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) throw new Error(`--only takes one of: ${SECTIONS.join(', ')}`);
// A partial run must not replace the committed results.
if ((only !== undefined || process.argv.some((arg) => arg.startsWith('--sizes='))) && process.argv.includes('--write')) {
  throw new Error('--write needs a full run (no --only, no --sizes)');
}
const runs = (section: (typeof SECTIONS)[number]) => only === undefined || only === section;

// The UI benchmarks and the bundle size measure the production build (and the server needs one).
const clientDist = path.join(import.meta.dirname, '..', 'client', 'dist');
if (runs('bundle') || runs('ui') || runs('sync') || !existsSync(clientDist)) {
  await build({ configFile: path.join(import.meta.dirname, '..', 'client', 'vite.config.ts'), logLevel: 'warn' });
}
const port = await findFreePort();
const backend = await startLocalBackend({ dataDir: false, identityPort: 0, webOrigins: loopbackOrigins(port) });
const server = createLocalServer(backend, clientDist);
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
  if (runs('bundle')) {
    console.log('Shipped JavaScript…');
    sections.push('', '## Shipped JavaScript (web UI)', '', formatBundleSize(await benchBundleSize()));
  }
  if (runs('lambda')) {
    console.log('Lambda artifact…');
    sections.push('', '## Lambda artifact and cold start', '', formatArtifactResults(await benchLambdaArtifact(await tokenFor(`bench-cold-${Date.now()}`))));
  }
  if (runs('api')) {
    console.log('API latency…');
    sections.push('', '## API latency (local stack)', '', formatLatencyResults(await benchApiLatency(`${baseUrl}/trpc`, await tokenFor(`bench-${Date.now()}`))));
  }
  if (runs('list-after-deletes')) {
    console.log('A list after 1,000 deletes…');
    sections.push(
      '',
      '## A list after 1,000 deletes (local stack)',
      '',
      'The same one-todo list for a user who never deleted anything and for one who deleted 1,000 todos whose ids sort first (decision 060). Before it (issue 21): 15 ms against 2.6 s, and 41.6 s for the batch of 25.',
      '',
      formatListAfterDeletes(await benchListAfterDeletes(`${baseUrl}/trpc`, tokenFor)),
    );
  }
  if (runs('read-cost')) {
    console.log('DynamoDB read capacity…');
    sections.push(
      '',
      '## DynamoDB read capacity (change feed and full load)',
      '',
      formatReadCost(await benchReadCost(backend.dynamoEndpoint)),
      '',
      'DynamoDB Local reports 0 units for a Query that finds nothing; DynamoDB bills every Query at least 0.5 read unit (eventually consistent), so an idle poll costs 0.5 unit in AWS.',
    );
  }
  if (runs('list-costs')) {
    console.log('Lists: idle poll and write capacity…');
    sections.push(
      '',
      '## Lists: idle poll and write capacity (decision 091)',
      '',
      'An idle `sync.changes` poll at 1, 10 and 100 lists (target: at most 2 read units whatever the number of lists), and one `todos.create` of one todo in a list with M members: the first write in a while tells every member’s feed (a bump), a write within the 5 s skip window tells no one. Write units include the indexes.',
      '',
      formatListCosts(await benchListCosts(backend.dynamoEndpoint)),
    );
  }
  // `npm run bench -- --quick` leaves out the 100,000-todo run (about 5 minutes of it).
  const sizesArgument = process.argv.find((arg) => arg.startsWith('--sizes='));
  const sizes = sizesArgument
    ? sizesArgument.slice('--sizes='.length).split(',').map(Number)
    : process.argv.includes('--quick')
      ? [1_000, 10_000]
      : [1_000, 10_000, 100_000];
  if (runs('ui')) {
    console.log('Web UI…');
    sections.push(
      '',
      '## Web UI at 1,000, 10,000 and 100,000 todos (headless Chromium)',
      '',
      'Before issue 10 (10,000 todos): open 3.6–5.4 s, toggle 17–24 ms, add 22–33 ms, all 10,000 rows in the DOM.',
      '',
      formatUiResults(await benchUi(baseUrl, sizes)),
    );
  }
  if (runs('sync')) {
    console.log('Two browsers, one user…');
    sections.push('', '## Live sync between two browsers', '', formatSyncResults(await benchSync(baseUrl)));
  }
} finally {
  server.closeAllConnections();
  server.close();
  await backend.stop();
}
const report = `${sections.join('\n')}\n`;
console.log(`\n${report}`);
if (process.argv.includes('--write')) {
  // Sections written elsewhere (`npm run load -- --write`, mutation figures, the test suite times, the profile breakdown from
  // `npm run bench:profile`, figures from before and after a change) are kept.
  const file = path.join(import.meta.dirname, 'results.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = [...previous.matchAll(/\n## (?:Load|Mutation testing|Where the time goes|Test suite|Before and after)\b[^\n]*\n[\s\S]*?(?=\n## |$)/g)].map((match) => match[0].trimEnd());
  writeFileSync(file, `${report.trimEnd()}\n${kept.map((section) => `${section}\n`).join('')}`);
}
