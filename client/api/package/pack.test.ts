/**
 * `@todos/api-client` as another repository gets it: `npm run pack:client`'s build,
 * installed from the tarball into a fresh project outside this repository (offline:
 * the tRPC peers are packed from this repo's node_modules), typechecked with a right
 * and a wrong call, and run against the real local API. And the README's own steps,
 * from an empty folder to a call that runs, exactly as written there.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SERVICE_CLIENT_ID, LOCAL_SERVICE_CLIENT_SECRET } from '../../../server/local/identity-provider/local-clients';
import { freePortPair } from '../../../server/testing/free-ports';
import { startLocalApi, type LocalApi } from '../../../server/testing/local-api';
import { contentHash, packClient, PACKAGE_NAME } from '../../../scripts/pack-client';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

let project: string;
let packageDir: string;
let tarball: string;

beforeAll(async () => {
  const packed = await packClient();
  packageDir = packed.packageDir;
  tarball = packed.tarball ?? '';
  project = await mkdtemp(join(tmpdir(), 'todos-api-client-consumer-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // No registry: the peers come packed from this repo's node_modules, TypeScript linked from it.
  await run('npm', ['pack', '--ignore-scripts', '--silent', join(ROOT, 'node_modules/@trpc/client'), join(ROOT, 'node_modules/@trpc/server')], { cwd: project });
  const peers = (await run('sh', ['-c', 'ls trpc-*.tgz'], { cwd: project })).stdout.trim().split('\n').map((file) => `./${file}`);
  await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...peers, join(ROOT, 'node_modules/typescript')],
    { cwd: project },
  );
}, 180_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

async function typecheck(file: string, moduleResolution: 'NodeNext' | 'Bundler') {
  const config = `tsconfig.${file}.${moduleResolution}.json`;
  await writeFile(
    join(project, config),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: moduleResolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
        moduleResolution,
        lib: ['ES2022', 'DOM'],
        skipLibCheck: true, // as most projects have it: unresolved types would silently become `any`
        types: [],
      },
      files: [file],
    }),
  );
  try {
    await run(process.execPath, [TSC, '-p', config], { cwd: project });
    return { ok: true, output: '' };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout) };
  }
}

describe(PACKAGE_NAME, () => {
  it('holds the client bundle and self-contained declarations, no server code, only tRPC as peers', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    expect(files.filter((file) => file.endsWith('.js'))).toEqual(['package/index.js']);
    expect(files).toEqual(expect.arrayContaining(['package/index.d.ts', 'package/package.json', 'package/types/server/app-router.d.ts']));

    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('dependencies');
    expect(Object.keys(manifest.peerDependencies as object).sort()).toEqual(['@trpc/client', '@trpc/server']);

    const bundle = await readFile(join(packageDir, 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/zod|@aws-sdk|dynamodb|jose|server\//i);
    expect(new Set([...bundle.matchAll(/from\s+"([^"]+)"/g)].map((match) => match[1]))).toEqual(new Set(['@trpc/client']));
    for (const file of files.filter((name) => name.endsWith('.d.ts'))) {
      const text = await readFile(join(packageDir, file.replace(/^package\//, '')), 'utf8');
      expect(text, file).not.toMatch(/['"](zod|zod\/mini|@aws-sdk\/[^'"]*|aws-lambda)['"]/);
    }
  });

  it('typechecks a correct call and rejects a wrong one, in NodeNext and Bundler projects', async () => {
    await writeFile(
      join(project, 'good.ts'),
      `import { clientCredentialsToken, createTodosClient, type AppRouter, type Todo } from '${PACKAGE_NAME}';
import type { inferRouterOutputs } from '@trpc/server';

const getToken = clientCredentialsToken({ tokenEndpoint: 'http://x/token', clientId: 'id', clientSecret: 'secret' });
const api = createTodosClient({ url: 'http://x/trpc', getToken });
const [todo] = await api.todos.create.mutate({ items: [{ name: 'x' }] });
const { items, nextCursor } = await api.todos.list.query({ limit: 10 });
const me = await api.me.query();
const kind: 'user' | 'service' = me.kind;
const first: Todo | undefined = items[0];
const cursor: string | null = nextCursor;
const status: 'pending' | 'completed' | undefined = todo?.status;
type IsAny<T> = 0 extends 1 & T ? true : false;
const todoIsTyped: IsAny<Todo> = false;
const outputIsTyped: IsAny<inferRouterOutputs<AppRouter>['todos']['list']['items'][number]['name']> = false;
console.log(kind, first, cursor, status, todoIsTyped, outputIsTyped);
`,
    );
    await writeFile(
      join(project, 'bad.ts'),
      `import { createTodosClient } from '${PACKAGE_NAME}';
const api = createTodosClient({ url: 'http://x/trpc' });
await api.todos.create.mutate({ items: [{ nam: 'x' }] });
const { items } = await api.todos.list.query();
const wrong: number = items[0]?.name ?? 0;
console.log(wrong);
`,
    );
    for (const resolution of ['NodeNext', 'Bundler'] as const) {
      expect(await typecheck('good.ts', resolution), resolution).toEqual({ ok: true, output: '' });
      const bad = await typecheck('bad.ts', resolution);
      expect(bad.ok, resolution).toBe(false);
      expect(bad.output).toContain("bad.ts(3,43): error TS2561: Object literal may only specify known properties, but 'nam' does not exist");
      expect(bad.output).toMatch(/bad\.ts\(5,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
    }
  });

  it('calls the local API from the installed package (client credentials and a user token)', async () => {
    const api: LocalApi = await startLocalApi();
    try {
      await writeFile(
        join(project, 'service.mjs'),
        `import { clientCredentialsToken, createTodosClient } from '${PACKAGE_NAME}';
const env = process.env;
const getToken = clientCredentialsToken({ tokenEndpoint: env.TOKEN_ENDPOINT, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET });
const api = createTodosClient({ url: env.API_URL, getToken });
const [created] = await api.todos.create.mutate({ items: [{ name: 'From the package' }] });
const { items } = await api.todos.list.query();
const me = await api.me.query();
const user = createTodosClient({ url: env.API_URL, getToken: () => env.USER_TOKEN });
console.log(JSON.stringify({ created, items, me, user: await user.me.query(), userItems: (await user.todos.list.query()).items }));
`,
      );
      const { stdout } = await run(process.execPath, ['service.mjs'], {
        cwd: project,
        env: {
          PATH: process.env.PATH,
          API_URL: api.url,
          TOKEN_ENDPOINT: api.identity.provider.tokenEndpoint,
          CLIENT_ID: LOCAL_SERVICE_CLIENT_ID,
          CLIENT_SECRET: LOCAL_SERVICE_CLIENT_SECRET,
          USER_TOKEN: await api.identity.tokenFor('frank'),
        },
      });
      const result = JSON.parse(stdout) as {
        created: { id: string; name: string; status: string };
        items: { id: string; name: string }[];
        me: unknown;
        user: { name: string; kind: string };
        userItems: unknown[];
      };
      expect(result.created).toMatchObject({ name: 'From the package', status: 'pending', version: 1 });
      expect(result.items).toEqual([expect.objectContaining({ id: result.created.id, name: 'From the package' })]);
      expect(result.me).toEqual({ id: LOCAL_SERVICE_CLIENT_ID, name: LOCAL_SERVICE_CLIENT_ID, kind: 'service' });
      expect(result.user).toMatchObject({ name: 'frank', kind: 'user' });
      expect(result.userItems).toEqual([]);
    } finally {
      await api.stop();
    }
  });
}, 120_000);

/** The fenced blocks of the README's section on other TypeScript services: info string and code. */
async function readmeSteps(): Promise<{ info: string; code: string }[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Calling the API from another TypeScript service');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  return [...section.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({ info: match[1] ?? '', code: match[2] ?? '' }));
}

/** A bash block's commands, without comments. */
const commands = (code: string) =>
  code
    .split('\n')
    .map((line) => line.replace(/(^|\s+)#.*$/, '').trim())
    .filter(Boolean);

describe(`${PACKAGE_NAME}: the README's steps`, () => {
  let folder: string | undefined;
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('lead from an empty folder to a typechecked call that runs, against the app on any PORT', async () => {
    const [setup, tsconfig, service, run, ...rest] = await readmeSteps();
    expect([setup?.info, tsconfig?.info, service?.info, run?.info, rest.length]).toEqual(['bash', 'jsonc tsconfig.json', 'ts service.ts', 'bash', 0]);
    const [buildHere, ...inTheOtherProject] = commands(setup?.code ?? '');
    // The package was built and packed by beforeAll (packClient is what `npm run pack:client` runs).
    expect(buildHere).toBe('npm run pack:client');

    folder = await mkdtemp(join(tmpdir(), 'todos-readme-service-'));
    // npm from the cache where it can (npm ci filled it), the registry for what it lacks.
    const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    for (const command of inTheOtherProject) {
      await shell(command.replaceAll('../todos/', `${ROOT}/`), folder, npmEnv);
    }
    await writeFile(join(folder, 'tsconfig.json'), tsconfig?.code ?? '');
    await writeFile(join(folder, 'service.ts'), service?.code ?? '');

    const port = await freePortPair();
    const api = await startLocalApi({ port, identityPort: port + 1 });
    try {
      const outputs: string[] = [];
      for (const command of commands(run?.code ?? '')) outputs.push(await shell(command, folder, { ...npmEnv, PORT: String(port) }));
      const [typecheck, ran] = outputs;
      expect(typecheck).toBe('');
      expect(ran).toMatch(/name: 'From a service'/);
      expect(ran).not.toMatch(/warning/i);
    } finally {
      await api.stop();
    }
  }, 300_000);
});

async function shell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout, stderr } = await run('sh', ['-c', command], { cwd, env });
    return `${stdout}${stderr}`.trim();
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`${command}\` failed:\n${stdout}${stderr}`, { cause: error });
  }
}

describe(`${PACKAGE_NAME}: its version`, () => {
  it('is the app version plus a hash of the contents, so a change to the API gives a new one', async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const appVersion = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest.version).toBe(`${appVersion}-api-${await contentHash(packageDir, manifest)}`);
    expect(tarball.endsWith(`todos-api-client-${String(manifest.version)}.tgz`)).toBe(true);
    // Only this build's tarball is left next to it (the README installs `todos-api-client-*.tgz`).
    expect((await readdir(join(packageDir, '..'))).filter((file) => file.startsWith('todos-api-client-'))).toEqual([tarball.split('/').pop()]);

    const changed = await mkdtemp(join(tmpdir(), 'todos-api-client-changed-'));
    try {
      await cp(packageDir, changed, { recursive: true });
      const router = join(changed, 'types/server/app-router.d.ts');
      await writeFile(router, (await readFile(router, 'utf8')).replace('todos:', 'todoz:'));
      expect(await contentHash(changed, manifest)).not.toBe(await contentHash(packageDir, manifest));
    } finally {
      await rm(changed, { recursive: true, force: true });
    }
  });
});

