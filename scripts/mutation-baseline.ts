/**
 * Merges Stryker reports of folder-by-folder runs into one incremental baseline and
 * prints the mutation score per folder.
 *
 *   npx tsx scripts/mutation-baseline.ts <out.json> <report.json>... [--survivors <list.md>]
 *
 * Why: a full run takes hours on a 2-core machine, so it is done a folder at a time
 * (`npx stryker run --mutate 'server/todos/**\/*.ts,!**\/*.test.ts' --incrementalFile x.json`).
 * The committed baseline (.stryker/incremental.json) lets `npm run mutate` on a fresh clone
 * retest only the mutants whose code or tests changed since. Test ids are per run, so they
 * are renumbered by (test file, test name) while merging.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Test {
  id: string;
  name: string;
  location?: unknown;
}
interface Mutant {
  status: string;
  mutatorName?: string;
  replacement?: string;
  location?: { start: { line: number } };
  coveredBy?: string[];
  killedBy?: string[];
}
interface Report {
  files: Record<string, { mutants: Mutant[]; source?: string }>;
  testFiles?: Record<string, { tests: Test[]; source?: string }>;
  [key: string]: unknown;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

export function mergeReports(reports: readonly Report[]): Report {
  const merged: Report = { ...reports[0], files: {}, testFiles: {} };
  const globalIds = new Map<string, string>();
  const testFiles = merged.testFiles ?? {};
  for (const report of reports) {
    const renumber = new Map<string, string>();
    for (const [file, { tests, ...rest }] of Object.entries(report.testFiles ?? {})) {
      const target = (testFiles[file] ??= { ...rest, tests: [] });
      for (const test of tests) {
        const key = `${file}\u0000${test.name}`;
        let id = globalIds.get(key);
        if (id === undefined) {
          id = String(globalIds.size);
          globalIds.set(key, id);
          target.tests.push({ ...test, id });
        }
        renumber.set(test.id, id);
      }
    }
    const mapIds = (ids: string[] | undefined) => ids?.flatMap((id) => renumber.get(id) ?? []);
    for (const [file, result] of Object.entries(report.files)) {
      merged.files[file] = {
        ...result,
        mutants: result.mutants.map((mutant) => ({ ...mutant, coveredBy: mapIds(mutant.coveredBy), killedBy: mapIds(mutant.killedBy) })),
      };
    }
  }
  return merged;
}

/** Score per top folder (two path segments, e.g. server/todos): detected / (detected + survived + no coverage). */
export function scoresByFolder(report: Report): Map<string, { detected: number; counted: number; ignored: number }> {
  const scores = new Map<string, { detected: number; counted: number; ignored: number }>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = file.split('/').slice(0, file.startsWith('shared/') ? 1 : 2).join('/');
    const score = scores.get(folder) ?? { detected: 0, counted: 0, ignored: 0 };
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) score.detected++;
      if (COUNTED.has(mutant.status)) score.counted++;
      if (mutant.status === 'Ignored') score.ignored++;
    }
    scores.set(folder, score);
  }
  return scores;
}

/** Every mutant no test detected, as a Markdown table: file, line, mutator, replacement, the line itself. */
export function survivorsTable(report: Report): string {
  const rows = ['| file:line | status | mutator | replaced by | code |', '|---|---|---|---|---|'];
  const cell = (text: string) =>
    `<code>${text
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '&#124;')}</code>`;
  for (const [file, { mutants, source }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const lines = source?.split('\n') ?? [];
    const left = mutants
      .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
      .sort((a, b) => (a.location?.start.line ?? 0) - (b.location?.start.line ?? 0));
    for (const mutant of left) {
      const line = mutant.location?.start.line ?? 0;
      rows.push(
        `| ${file}:${line} | ${mutant.status === 'NoCoverage' ? 'no coverage' : 'survived'} | ${mutant.mutatorName ?? ''} | ${cell(mutant.replacement ?? '')} | ${cell(lines[line - 1] ?? '')} |`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

const args = process.argv.slice(2);
const survivorsAt = args.indexOf('--survivors');
const survivorsFile = survivorsAt >= 0 ? args.splice(survivorsAt, 2)[1] : undefined;
const [out, ...inputs] = args;
if (out === undefined || inputs.length === 0) {
  console.error('usage: tsx scripts/mutation-baseline.ts <out.json> <report.json>... [--survivors <list.md>]');
  process.exit(2);
}
const merged = mergeReports(inputs.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report));
writeFileSync(out, JSON.stringify(merged));
if (survivorsFile !== undefined) writeFileSync(survivorsFile, survivorsTable(merged));
let detected = 0;
let counted = 0;
for (const [folder, score] of [...scoresByFolder(merged)].sort()) {
  detected += score.detected;
  counted += score.counted;
  console.log(`${folder.padEnd(22)} ${String(score.counted).padStart(5)} mutants  ${((100 * score.detected) / score.counted).toFixed(1).padStart(5)} %  (${score.ignored} ignored)`);
}
console.log(`${'all'.padEnd(22)} ${String(counted).padStart(5)} mutants  ${((100 * detected) / counted).toFixed(1).padStart(5)} %`);
