/**
 * The VS Code an end-to-end suite drives, opened once for the suite:
 * code-server with the packaged extension and the suite's settings, Chromium,
 * and the workbench in it. Each test's screenshots carry its name and show its
 * own notifications only; a failed test leaves a screenshot and the
 * notifications in the suite's artifacts folder; closing keeps code-server's
 * logs there too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startCodeServer, type CodeServer } from './code-server';
import { VSIX } from './paths';
import { Workbench } from './workbench';

export interface WorkbenchSession {
  codeServer: CodeServer;
  browser: Browser;
  wb: Workbench;
}

export async function openWorkbench(settings: Record<string, unknown>, artifacts: string): Promise<WorkbenchSession> {
  const codeServer = await startCodeServer({ vsix: VSIX, settings, logFile: path.join(artifacts, 'code-server.log') });
  const browser = await launchChromium();
  const wb = await Workbench.open(browser, codeServer.url, artifacts);
  return { codeServer, browser, wb };
}

/** Call inside the suite's describe: names each test's screenshots, keeps what a failure showed. */
export function useWorkbenchHooks(session: () => WorkbenchSession | undefined, artifacts: string): void {
  beforeEach(async function () {
    const wb = session()?.wb;
    wb?.setTest(this.currentTest?.title ?? 'unnamed');
    if ((await wb?.visibleNotices())?.length) await wb!.clearNotifications();
  });

  afterEach(async function () {
    const wb = session()?.wb;
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.screenshot('failure').catch(() => undefined);
      fs.writeFileSync(path.join(artifacts, 'notifications.json'), JSON.stringify(await wb.notices().catch(() => []), null, 2));
    }
  });
}

export async function closeWorkbench(session: WorkbenchSession | undefined, artifacts: string): Promise<void> {
  if (!session) return;
  await session.wb.close();
  await session.browser.close().catch(() => undefined);
  session.codeServer.copyLogs(path.join(artifacts, 'code-server-logs'));
  await session.codeServer.stop();
}
