#!/usr/bin/env node
// One stack per stage: `cdk synth -c stage=prod` or `STAGE=prod cdk synth`; defaults to dev.
// The CDK CLI runs this file through cdk.json ("app"). Synthesis builds the web UI first (see
// lib/client-build.ts); if that fails, nothing is synthesized, so nothing can be deployed.
import { createApp } from '../lib/create-app';
import { ClientBuildError } from '../lib/client-build';

try {
  // autoSynth off: synthesize explicitly, only once the whole app was built without error.
  createApp({ appProps: { autoSynth: false } }).app.synth();
} catch (error) {
  if (!(error instanceof ClientBuildError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
