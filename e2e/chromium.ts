/**
 * How every browser test and benchmark launches Chromium: Debian's packages (no tool may
 * download a browser here), headless, as root, and without the background services that
 * would try to reach Google on a closed network.
 */
import { existsSync } from 'node:fs';

/**
 * The benchmarks' browser, the one a person runs: Debian's Chromium (`chromium`), in its
 * headless mode, which is the whole browser without a window.
 */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

/**
 * Debian's `chromium-headless-shell`: the same Chromium release as `chromium` (same Blink and
 * V8) as the "old headless" shell, without the desktop browser around them; it is the browser
 * Playwright itself runs headless tests in. A new browser context and page cost it a third of
 * the CPU the whole browser spends on each (0.4 against 1.3 CPU-seconds on this machine), and
 * every test opens at least one (decision 106). `.ci/run` installs it; without it the tests
 * run in `chromium`, and `E2E_CHROMIUM=/usr/bin/chromium npm run test:e2e` chooses that too.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** The browser the end-to-end tests run in. */
export const TEST_CHROMIUM_EXECUTABLE = process.env.E2E_CHROMIUM ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM_EXECUTABLE);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
