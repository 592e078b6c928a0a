// Debian's chromium driven by playwright-core: headless, no sandbox (CI runs
// as root), nothing fetched from the network by the browser itself, a fresh
// profile each time. A step that fails leaves a screenshot behind.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Runs a step; on failure saves <shots>/<name>.png and rethrows with its path. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'voxgate-chromium-'));
  const shots = path.join(os.tmpdir(), 'voxgate-ui-failures');
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async step(name, fn) {
      try {
        return await fn();
      } catch (err) {
        mkdirSync(shots, { recursive: true });
        const file = path.join(shots, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        throw new Error(`dashboard step "${name}" failed (screenshot: ${file}): ${(err as Error).message}`, { cause: err });
      }
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
