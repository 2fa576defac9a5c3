// Launches Debian's Chromium through playwright-core, headless, with no background network traffic.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, ensureDebianPackages } from './toolchain.mjs';

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) ensureDebianPackages(['chromium']);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
