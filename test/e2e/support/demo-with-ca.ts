/**
 * The built app with its demo key, talking to a reference CA started for the test: the browser context routes
 * the demo CA's fixed address to the CA's free port, so several files can run without sharing port 8829.
 */
import type { Page } from 'playwright-core';
import { caOnlineService } from '../../../src/shared/ca-profiles/ca-services';
import { openDemo } from './app';
import { launchBrowser, type LaunchedBrowser } from './browser';
import { startCaProcess, type CaProcess } from './ca-process';
import { freePort, startPreviewServer, type PreviewServer } from './preview-server';
import { waitForServiceWorkerControl } from './service-worker';

export interface DemoWithCa {
  readonly server: PreviewServer;
  readonly ca: CaProcess;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
  readonly tokenId: string;
}

export async function openDemoWithCa(caDir: string): Promise<DemoWithCa> {
  const server = await startPreviewServer();
  const caPort = await freePort();
  const ca = await startCaProcess(caDir, caPort, new URL(server.url).origin);
  const browser = await launchBrowser();
  const demoCa = new URL(caOnlineService('demo')!.cmpUrl.value);
  await browser.context.route(`${demoCa.origin}/**`, (route) => {
    const url = new URL(route.request().url());
    url.port = String(caPort);
    return route.continue({ url: url.toString() });
  });
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  const tokenId = await openDemo(page, server.url);
  return { server, ca, browser, page, tokenId };
}
