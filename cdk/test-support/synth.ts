import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { App } from 'aws-cdk-lib';
import { STAGES } from '../stages';
import { createApp } from '../lib/create-app';
import { REPO_ROOT } from '../lib/paths';
import type { StageSettingsInput } from '../lib/stage-config';
import type { TodosStack } from '../lib/todos-stack';

export const STUB_API_ENTRY = fileURLToPath(new URL('./stub-handler.ts', import.meta.url));

/** A folder with no index.html: what a fresh checkout has instead of a built UI. */
export function emptyDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'todos-cdk-empty-'));
}

/** A stand-in for a Vite build (index.html plus one hashed chunk), so tests never run the real build. */
export function fakeClientDist(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'todos-cdk-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  for (const [name, content] of Object.entries(extra)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** The context of the root cdk.json (feature flags), which the CDK CLI passes to every real synth. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface TestSynthOptions {
  readonly context?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly clientDist?: string;
  readonly stages?: Readonly<Record<string, StageSettingsInput>>;
  /** Leave out cdk.json's feature flags (to compare templates with and without them). */
  readonly withoutCdkJson?: boolean;
  /** Do not add PROTECTED_STAGE_CONTEXT to a protected stage (to test what synth says without it). */
  readonly withoutProtectedStageContext?: boolean;
}

/**
 * What a protected stage must be given before it synthesizes (an alarm address and an SES sender,
 * decisions 053 and 054): reserved example.com addresses, never a real one.
 */
export const PROTECTED_STAGE_CONTEXT = { alarmEmail: 'alarms@example.com', signUpEmailFrom: 'no-reply@example.com' } as const;

/**
 * PROTECTED_STAGE_CONTEXT, less what the stage declares itself, when the stage these options
 * synthesize is protected (the rule of stage-config.ts, read from the same inputs).
 */
function protectedStageDefaults(options: TestSynthOptions): Record<string, string> {
  const context = options.context ?? {};
  const stage = typeof context.stage === 'string' ? context.stage : (options.env?.STAGE ?? 'dev');
  const declared = (options.stages ?? STAGES)[stage];
  const isProtected = declared?.protectData ?? !(context.protectData === false || context.protectData === 'false');
  if (!isProtected || options.withoutProtectedStageContext) return {};
  return {
    ...(declared?.alarmEmail === undefined && { alarmEmail: PROTECTED_STAGE_CONTEXT.alarmEmail }),
    ...(declared?.signUpEmail === undefined && { signUpEmailFrom: PROTECTED_STAGE_CONTEXT.signUpEmailFrom }),
  };
}

export interface TestSynth {
  readonly app: App;
  readonly stack: TodosStack;
  readonly template: Template;
}

/**
 * Builds the real app (createApp) with cdk.json's feature flags, a fake UI build, bundling skipped (`aws:cdk:bundling-stacks: []`) and a
 * stub entry, so tests neither run esbuild nor depend on the server code. A protected stage gets
 * PROTECTED_STAGE_CONTEXT unless the options say otherwise. The environment is
 * empty unless given, so a STAGE variable in the developer's shell cannot change the results.
 */
export function synthTodos(options: TestSynthOptions = {}): TestSynth {
  const protectedDefaults = protectedStageDefaults(options);
  const { app, stack } = createApp({
    appProps: { context: { ...(options.withoutCdkJson ? {} : cdkJsonContext()), 'aws:cdk:bundling-stacks': [], ...protectedDefaults, ...options.context } },
    env: options.env ?? {},
    stackProps: { apiEntry: STUB_API_ENTRY, clientDist: options.clientDist ?? fakeClientDist() },
    ...(options.stages ? { stages: options.stages } : {}),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The single logical ID of the given resource type (fails loudly if there is not exactly one). */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  const [id] = ids;
  if (ids.length !== 1 || id === undefined) {
    throw new Error(`Expected exactly one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  }
  return id;
}

/** The raw template JSON of one resource (Type, Properties, DeletionPolicy, ...). */
export function resourceById(template: Template, logicalId: string): unknown {
  const resources = template.toJSON().Resources as Record<string, unknown>;
  const resource = resources[logicalId];
  if (resource === undefined) throw new Error(`No resource ${logicalId}`);
  return resource;
}
