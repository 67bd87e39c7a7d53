/**
 * How every browser test and benchmark launches Chromium: Debian's package at
 * /usr/bin/chromium (no tool may download a browser here), headless, as root, and
 * without the background services that would try to reach Google on a closed network.
 */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

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
