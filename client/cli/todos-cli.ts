/** Entry point of `npm run todos -- …` (see run-todos-cli.ts). */
import { runTodosCli } from './run-todos-cli';

// `npm run todos -- list | head -1`: when the reader goes away, stop quietly instead of
// crashing with an unhandled EPIPE (Node ignores SIGPIPE, so the write fails instead).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runTodosCli(process.argv.slice(2), { out: (line) => console.log(line), env: process.env });
