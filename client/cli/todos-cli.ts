/** Entry point of `npm run todos -- …` (see run-todos-cli.ts). */
import { runTodosCli } from './run-todos-cli';

process.exitCode = await runTodosCli(process.argv.slice(2), { out: (line) => console.log(line), env: process.env });
