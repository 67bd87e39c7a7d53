/**
 * `npm run bench`: runs every benchmark against a fresh in-memory local stack and
 * prints the figures as Markdown; with `--write` also saves them to
 * bench/results.md (committed, so changes in the figures show up in review).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { startLocalBackend } from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { benchApiLatency, formatLatencyResults } from './api-latency';
import { benchLambdaArtifact, formatArtifactResults } from './lambda-artifact';
import { benchUi, formatUiResults } from './ui-10k';

// The UI benchmark measures the production build.
await build({ configFile: path.join(import.meta.dirname, '..', 'client', 'vite.config.ts'), logLevel: 'warn' });
const backend = await startLocalBackend({ dataDir: false });
const server = createLocalServer(backend, path.join(import.meta.dirname, '..', 'client', 'dist'));
const port = await listen(server, 0);
const baseUrl = `http://127.0.0.1:${port}`;
const sections: string[] = [];
try {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  sections.push(
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${os.cpus().length} × ${cpu}, Node ${process.version}.`,
  );
  console.log('Lambda artifact…');
  sections.push('', '## Lambda artifact and cold start', '', formatArtifactResults(await benchLambdaArtifact()));
  console.log('API latency…');
  sections.push('', '## API latency (local stack)', '', formatLatencyResults(await benchApiLatency(`${baseUrl}/trpc`)));
  console.log('UI with 10,000 todos…');
  sections.push('', '## Web UI with 10,000 todos (headless Chromium)', '', formatUiResults(await benchUi(baseUrl)));
} finally {
  server.closeAllConnections();
  server.close();
  await backend.stop();
}
const report = `${sections.join('\n')}\n`;
console.log(`\n${report}`);
if (process.argv.includes('--write')) writeFileSync(path.join(import.meta.dirname, 'results.md'), report);
