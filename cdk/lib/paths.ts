import { fileURLToPath } from 'node:url';
import path from 'node:path';

// package.json has "type": "module", so there is no __dirname; resolve from this file's URL
// (works the same under tsx, vitest and the cdk CLI, whatever the current directory is).
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DEFAULT_API_ENTRY = path.join(REPO_ROOT, 'server', 'lambda', 'handler.ts');
export const DEFAULT_CLIENT_DIST = path.join(REPO_ROOT, 'client', 'dist');
