import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with everything that phones home switched off. The resolver rule
 * sends every hostname but `localhost` nowhere, so a payload that did run could not reach the
 * internet either (IP literals other than loopback are never used by these tests).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP localhost 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}
