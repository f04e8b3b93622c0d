/** Debian's Chromium, headless, driven by playwright-core, with the flags this machine needs. */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './paths';

/**
 * As root Chromium needs --no-sandbox; the background-networking flags keep it
 * from dialling out on a machine with no network. playwright-core adds
 * --headless and a fresh temporary --user-data-dir of its own.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}
