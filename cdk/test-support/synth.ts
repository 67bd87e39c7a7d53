import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { App } from 'aws-cdk-lib';
import { createApp } from '../lib/create-app';
import type { TodosStack } from '../lib/todos-stack';

export const STUB_API_ENTRY = fileURLToPath(new URL('./stub-handler.ts', import.meta.url));

/** A folder guaranteed to have no index.html, so the placeholder path is taken whatever client/dist holds. */
export function emptyDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'todos-cdk-empty-'));
}

export interface TestSynthOptions {
  readonly context?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly clientDist?: string;
}

export interface TestSynth {
  readonly app: App;
  readonly stack: TodosStack;
  readonly template: Template;
}

/**
 * Builds the real app (createApp) with bundling skipped (`aws:cdk:bundling-stacks: []`) and a
 * stub entry, so tests neither run esbuild nor depend on the server code. The environment is
 * empty unless given, so a STAGE variable in the developer's shell cannot change the results.
 */
export function synthTodos(options: TestSynthOptions = {}): TestSynth {
  const { app, stack } = createApp({
    appProps: { context: { 'aws:cdk:bundling-stacks': [], ...options.context } },
    env: options.env ?? {},
    stackProps: { apiEntry: STUB_API_ENTRY, clientDist: options.clientDist ?? emptyDir() },
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
