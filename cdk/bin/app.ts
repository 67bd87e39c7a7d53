#!/usr/bin/env node
// One stack per stage: `cdk synth -c stage=prod` or `STAGE=prod cdk synth`; defaults to dev.
// The App synthesizes itself when the CDK CLI runs this file (CDK_OUTDIR is set).
import { createApp } from '../lib/create-app';

createApp();
