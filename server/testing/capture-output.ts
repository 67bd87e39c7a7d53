/**
 * Test helper: everything the process writes to stdout and stderr while `fn` runs
 * (the function's logger writes there directly, not through `console`), with the
 * structured logger turned up to `level` meanwhile and back to silent after.
 */
import type { logger as Logger } from '../observability/telemetry';

type LogLevel = Parameters<typeof Logger.setLogLevel>[0];

export async function captureOutput(fn: () => Promise<unknown>, level: LogLevel = 'INFO'): Promise<string> {
  // Imported here, not at the top: tests set the POWERTOOLS_* variables before the
  // telemetry module is first loaded (with the handler), and it reads them once.
  const { logger } = await import('../observability/telemetry');
  const chunks: string[] = [];
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  const previousLevel = logger.getLevelName();
  logger.setLogLevel(level);
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await fn();
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    logger.setLogLevel(previousLevel);
  }
  return chunks.join('');
}
