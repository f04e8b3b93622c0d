/**
 * Driving the VS Code workbench in the page as a person would: the activity
 * bar, a tree view's rows, the command palette, quick picks and input boxes,
 * notifications, the Output panel and editors; and screenshots of each step.
 * Every wait is bounded (60 s by default) and waits for a condition, never for
 * a fixed time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { slug } from './paths';

export const WAIT_MS = 60_000;

/** The workbench page the waits below watch for changes (one per suite). */
let watchedPage: Page | undefined;

/**
 * Resolves at the page's next DOM change (a MutationObserver in the page), or
 * after `maxMs` at the latest: the workbench renders every state change, so a
 * probe is only worth repeating once the DOM moved.
 */
async function nextDomChange(page: Page, maxMs: number): Promise<void> {
  await page.evaluate(
    (ms) =>
      new Promise<void>((resolve) => {
        const done = () => {
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        };
        const w = globalThis as unknown as PageGlobals;
        const observer = new w.MutationObserver(done);
        const timer = setTimeout(done, ms);
        observer.observe(w.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
    maxMs,
  );
}

/** Calls `probe` until it returns something other than undefined, or throws after `timeoutMs` with `describe()`'s words. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      let now = '';
      if (options.describe) now = await options.describe().catch((err) => `(could not tell: ${String(err)})`);
      const cause = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${now ? `; now: ${now}` : ''}`);
    }
    if (!watchedPage) throw new Error(`waitFor(${what}) needs an open workbench page to watch`);
    // A page that is navigating or busy cannot be observed this turn: the deadline still bounds the wait.
    await nextDomChange(watchedPage, Math.max(0, Math.min(1000, deadline - Date.now()))).catch(() => undefined);
  }
}

/*
 * The little of the DOM that the functions run in the page use: the project
 * compiles without lib "dom", so these stand in for its types.
 */
interface DomElement {
  readonly textContent: string | null;
  readonly className: string;
  readonly offsetParent: unknown;
  readonly style: { top: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
}
interface DomInput extends DomElement {
  readonly type: string;
  readonly value: string;
  readonly placeholder: string;
}
interface DomSelect extends DomElement {
  readonly selectedIndex: number;
  readonly options: ArrayLike<{ text: string }>;
}
interface PageGlobals {
  document: { body: unknown; querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement> };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  __e2eNotices?: { severity: string; text: string }[];
}

export type QuickInputKind = 'pick' | 'box' | 'password';

export interface Notice {
  severity: 'info' | 'warning' | 'error' | 'unknown';
  text: string;
}

/** A modal dialog (showInformationMessage/showWarningMessage/showErrorMessage with modal: true). */
export interface Dialog {
  message: string;
  detail: string;
  buttons: string[];
}

/** Installed in the page: every notification text ever shown (toasts, progress messages included), in order. */
function installNotificationRecorder(): void {
  const w = globalThis as unknown as PageGlobals;
  if (w.__e2eNotices) return;
  const notices: { severity: string; text: string }[] = [];
  w.__e2eNotices = notices;
  const seen = new Set<string>();
  const scan = () => {
    for (const item of w.document.querySelectorAll('.notification-list-item')) {
      const message = item.querySelector('.notification-list-item-message');
      if (!message) continue;
      const text = (message.textContent ?? '').trim();
      if (!text) continue;
      const icon = item.querySelector('.notification-list-item-icon')?.className ?? '';
      const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
      const key = `${severity}\u0000${text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      notices.push({ severity, text });
    }
  };
  new w.MutationObserver(scan).observe(w.document.body, { subtree: true, childList: true, characterData: true });
  scan();
}

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {
    watchedPage = page;
  }

  /** Opens the workbench at `url` in a new browser context and waits until it is shown. */
  static async open(browser: Browser, url: string, artifactsDir: string): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // tsx compiles these helpers with esbuild's keepNames, which wraps named
    // functions in __name(...); functions passed to page.evaluate run in the
    // page, so it needs a __name there too.
    await context.addInitScript('if (typeof globalThis.__name === "undefined") globalThis.__name = (fn) => fn;');
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(url, { timeout: WAIT_MS });
    await page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.evaluate(installNotificationRecorder);
    return new Workbench(context, page, artifactsDir);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  // ----------------------------------------------------------- screenshots

  private testDir = 'suite';

  /** Screenshots go to test-artifacts/e2e/<test>/ from now on. */
  setTest(title: string): void {
    this.testDir = slug(title);
  }

  /** Saves test-artifacts/e2e/<test>/<step>.png and returns its path. */
  async screenshot(step: string): Promise<string> {
    const dir = path.join(this.artifactsDir, this.testDir);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${slug(step)}.png`);
    await this.page.screenshot({ path: file, timeout: WAIT_MS });
    return file;
  }

  // -------------------------------------------------------------- views

  /** The tree of a view, e.g. "Hosts". */
  tree(viewName: string): Locator {
    return this.page.locator(`[role=tree][aria-label="${viewName}"]`);
  }

  /** Opens a view container from the activity bar (a no-op when its view is already shown). */
  async openViewContainer(title: string, viewName: string): Promise<void> {
    const tree = this.tree(viewName);
    if (await tree.isVisible()) return;
    await this.page.locator(`.activitybar [aria-label^="${title}"]`).first().click({ timeout: WAIT_MS });
    await tree.waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** The accessible names of a tree's rows (for a row with a tooltip: the tooltip text). */
  async treeRowNames(viewName: string): Promise<string[]> {
    return this.tree(viewName)
      .locator('[role=treeitem]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  }

  /** The first line of the accessible name of each row whose name starts with "<label> — ". */
  async rowHeading(viewName: string, label: string): Promise<string | undefined> {
    const names = await this.treeRowNames(viewName);
    const name = names.find((n) => n.startsWith(`${label} — `));
    return name?.split('\n')[0];
  }

  /** Waits until a row's first line is "<label> — <words>"; returns the row's whole accessible name. */
  async waitForRow(viewName: string, label: string, words: string, timeoutMs = WAIT_MS): Promise<string> {
    const heading = `${label} — ${words}`;
    return waitFor(
      `the "${viewName}" row "${heading}"`,
      async () => (await this.treeRowNames(viewName)).find((n) => n.split('\n')[0] === heading),
      { timeoutMs, describe: async () => JSON.stringify((await this.treeRowNames(viewName)).map((n) => n.split('\n')[0])) },
    );
  }

  /**
   * Hovers `target` until `shown` (its tooltip) is visible. A hover that lands
   * while the tree re-renders its rows (a refresh) shows no tooltip at all, so
   * the mouse leaves and hovers again, up to `attempts` times, each waiting for
   * the tooltip itself.
   */
  async hoverUntilVisible(target: Locator, shown: Locator, attempts = 5): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(0, 0);
      await target.hover();
      try {
        await shown.waitFor({ state: 'visible', timeout: WAIT_MS / attempts });
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        console.log(`      no tooltip after hover ${attempt} of ${attempts}; hovering again`);
      }
    }
  }

  /** The row of a tree whose accessible name starts with "<label> — ". */
  /** Expands a collapsed tree row (a click toggles it) and waits until it says so. */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await waitFor('the row expanded', async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined));
  }

  /** Collapses an expanded tree row. */
  async collapse(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.click();
    await waitFor('the row collapsed', async () => ((await row.getAttribute('aria-expanded')) === 'false' ? true : undefined));
  }

  /** A row without a tooltip by its label, e.g. "Status" (its accessible name starts with it). */
  rowLabelled(viewName: string, label: string): Locator {
    return this.tree(viewName).locator('[role=treeitem]').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  }

  row(viewName: string, label: string): Locator {
    return this.tree(viewName).locator(`[role=treeitem][aria-label^="${label} — "]`);
  }

  // ------------------------------------------------------- quick input

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** What the quick input shows now: title, message, placeholder and item labels (for errors). */
  async describeQuickInput(): Promise<string> {
    if (!(await this.quickInput.isVisible())) return 'no quick input is shown';
    return this.quickInput.evaluate((widget) => {
      const text = (sel: string) => (widget.querySelector(sel)?.textContent ?? '').trim();
      const input = widget.querySelector('.quick-input-box input') as DomInput | null;
      const rows = [...widget.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? r.textContent);
      return JSON.stringify({
        title: text('.quick-input-title'),
        message: text('.quick-input-message'),
        placeholder: input?.placeholder ?? '',
        ariaLabel: input?.getAttribute('aria-label') ?? '',
        type: input?.type ?? '',
        value: input?.value ?? '',
        items: rows,
      });
    });
  }

  /**
   * Waits for a quick input whose title, prompt, placeholder or input label
   * matches `expect`, and of a kind: 'pick' (a list), 'box' (an input box, no
   * list) or 'password' (a password box). Two steps of a command may share a
   * title (a pick, then a box), so the kind tells the new one from the old.
   */
  async waitForQuickInput(expect: string | RegExp, kind?: QuickInputKind, timeoutMs = WAIT_MS): Promise<void> {
    const matches = (text: string) => (typeof expect === 'string' ? text.includes(expect) : expect.test(text));
    await waitFor(
      `a quick input${kind ? ` (${kind})` : ''} matching ${String(expect)}`,
      async () => {
        if (!(await this.quickInput.isVisible())) return undefined;
        const shown = await this.quickInput.evaluate((widget) => {
          const input = widget.querySelector('.quick-input-box input') as DomInput | null;
          const list = widget.querySelector('.quick-input-list');
          const listShown = !!list && list.offsetParent !== null && list.querySelectorAll('.monaco-list-row').length > 0;
          return {
            text: [
              widget.querySelector('.quick-input-title')?.textContent ?? '',
              widget.querySelector('.quick-input-message')?.textContent ?? '',
              input?.placeholder ?? '',
              input?.getAttribute('aria-label') ?? '',
            ].join('\n'),
            kind: input?.type === 'password' ? 'password' : listShown ? 'pick' : 'box',
          };
        });
        return matches(shown.text) && (!kind || kind === shown.kind) ? true : undefined;
      },
      { timeoutMs, describe: () => this.describeQuickInput() },
    );
  }

  /** The visible rows of the quick input's list whose label is exactly `label` (or matches it). */
  private quickItem(label: string | RegExp): Locator {
    const rows = this.quickInput.locator('.quick-input-list .monaco-list-row');
    const exact = typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
    return rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) });
  }

  /** Runs a command from the palette: F1, ">Category: Title", wait for its row, Enter. */
  async runCommand(title: string): Promise<void> {
    await this.dismissQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.fill(`>${title}`);
    const row = this.quickItem(title).first();
    await waitFor(`the command "${title}" in the palette`, async () => ((await row.isVisible()) ? true : undefined), {
      describe: () => this.describeQuickInput(),
    });
    if ((await row.getAttribute('class'))?.split(/\s+/).includes('focused')) {
      await this.page.keyboard.press('Enter');
    } else {
      await row.click();
    }
  }

  /** Answers a quick pick (one matching `expect`) with the item labelled `label`. */
  async pick(expect: string | RegExp, label: string | RegExp): Promise<void> {
    await this.waitForQuickInput(expect, 'pick');
    const item = this.quickItem(label).first();
    await waitFor(`the item ${String(label)} in the quick pick ${String(expect)}`, async () => ((await item.isVisible()) ? true : undefined), {
      describe: () => this.describeQuickInput(),
    });
    await item.click();
  }

  /** Answers an input box (one matching `expect`) with `value` ('' accepts it empty) and Enter. */
  async answer(expect: string | RegExp, value: string, kind: 'box' | 'password' = 'box'): Promise<void> {
    await this.waitForQuickInput(expect, kind);
    const input = this.quickInputBox();
    await input.fill(value);
    await this.page.keyboard.press('Enter');
  }

  /** Types into the input box that matches `expect` without accepting it; returns the box's message (e.g. a validation error). */
  async typeInto(expect: string | RegExp, value: string, kind: 'box' | 'password' = 'box'): Promise<string> {
    await this.waitForQuickInput(expect, kind);
    await this.quickInputBox().fill(value);
    return ((await this.quickInput.locator('.quick-input-message').textContent()) ?? '').trim();
  }

  /** Waits until the shown quick input's message (prompt or validation error) matches. */
  async waitForQuickInputMessage(match: RegExp): Promise<string> {
    const message = this.quickInput.locator('.quick-input-message');
    return waitFor(`the quick input message matching ${String(match)}`, async () => {
      const text = ((await message.textContent()) ?? '').trim();
      return match.test(text) ? text : undefined;
    }, { describe: () => this.describeQuickInput() });
  }

  /** Closes a quick input left open (Escape), if one is shown. */
  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: WAIT_MS });
    }
  }

  // ------------------------------------------------------ notifications

  /** Every notification text shown since the page was opened (progress messages included), in order. */
  async notices(): Promise<Notice[]> {
    return this.page.evaluate(() => ((globalThis as unknown as PageGlobals).__e2eNotices ?? []) as Notice[]);
  }

  /** The notification toasts shown now. */
  async visibleNotices(): Promise<Notice[]> {
    return this.page.locator('.notifications-toasts .notification-list-item').evaluateAll((items) =>
      items.map((item) => {
        const icon = item.querySelector('.notification-list-item-icon')?.className ?? '';
        const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
        return { severity, text: (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim() } as Notice;
      }),
    );
  }

  /** Waits for a notification (now or since `since`, an index into notices()) whose text matches. */
  async waitForNotice(match: string | RegExp, options: { since?: number; severity?: Notice['severity']; timeoutMs?: number } = {}): Promise<Notice> {
    const test = (n: Notice) =>
      (typeof match === 'string' ? n.text.includes(match) : match.test(n.text)) && (!options.severity || n.severity === options.severity);
    return waitFor(
      `a notification matching ${String(match)}${options.severity ? ` (${options.severity})` : ''}`,
      async () => (await this.notices()).slice(options.since ?? 0).find(test),
      { timeoutMs: options.timeoutMs, describe: async () => JSON.stringify((await this.notices()).slice(options.since ?? 0)) },
    );
  }

  /** Expands a notification toast whose text is cut off, so a screenshot shows all of it. */
  async expandNotice(match: string | RegExp): Promise<void> {
    const item = this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: match }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: WAIT_MS });
    // The toolbar (with "Expand Notification") shows on hover; it has the action only when the text is cut off.
    await item.hover();
    const expand = item.locator('.codicon-notifications-expand');
    if ((await expand.count()) > 0) {
      await expand.first().click();
      await item.locator('.codicon-notifications-collapse').first().waitFor({ state: 'attached', timeout: WAIT_MS });
    }
  }

  /** Waits until no notification shows a running progress (a job's progress toast has closed). */
  async waitForNoProgress(): Promise<void> {
    const active = this.page.locator('.notifications-toasts .monaco-progress-container.active');
    await waitFor('no progress notification', async () => ((await active.count()) === 0 ? true : undefined), {
      describe: async () => JSON.stringify(await this.visibleNotices()),
    });
  }

  /** Closes every notification toast (Notifications: Clear All Notifications). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await waitFor('no notification toasts', async () => ((await this.visibleNotices()).length === 0 ? true : undefined));
  }

  // ------------------------------------------------------------ dialogs

  /** The modal dialog box, when one is shown. */
  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  private async shownDialog(): Promise<Dialog | undefined> {
    if (!(await this.dialog.isVisible())) return undefined;
    return this.dialog.evaluate((box) => ({
      message: (box.querySelector('.dialog-message-text')?.textContent ?? '').trim(),
      detail: (box.querySelector('.dialog-message-detail')?.textContent ?? '').trim(),
      buttons: [...box.querySelectorAll('.dialog-buttons .monaco-button')].map((b) => (b.textContent ?? '').trim()),
    }));
  }

  /** Waits for a modal dialog whose message (its title line) matches; returns what it shows. */
  async waitForDialog(match: string | RegExp, timeoutMs = WAIT_MS): Promise<Dialog> {
    const matches = (text: string) => (typeof match === 'string' ? text.includes(match) : match.test(text));
    return waitFor(
      `a dialog matching ${String(match)}`,
      async () => {
        const shown = await this.shownDialog();
        return shown && matches(shown.message) ? shown : undefined;
      },
      { timeoutMs, describe: async () => JSON.stringify((await this.shownDialog()) ?? 'no dialog is shown') },
    );
  }

  /** Presses the dialog's button labelled `label` and waits for the dialog to close. */
  async pressDialogButton(label: string): Promise<void> {
    await this.dialog.locator('.dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click();
    await this.dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  // ------------------------------------------------------ text in editors and the Output panel

  /** The lines a Monaco editor shows now (only the rendered ones), top to bottom. */
  static async editorLines(editor: Locator): Promise<string[]> {
    return editor.locator('.view-lines .view-line').evaluateAll((lines) =>
      lines
        .map((line) => ({ top: parseFloat((line as DomElement).style.top) || 0, text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  /** The Output panel's editor. */
  get outputEditor(): Locator {
    return this.page.locator('.part.panel .monaco-editor').first();
  }

  /** The channel the Output panel shows now ('' when it is not shown). */
  async outputChannel(): Promise<string> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return '';
    return panel.evaluate((p) => {
      const select = p.querySelector('select.monaco-select-box') as DomSelect | null;
      if (select && select.selectedIndex >= 0) return select.options[select.selectedIndex]?.text ?? '';
      return (p.querySelector('.monaco-select-box')?.getAttribute('title') ?? p.querySelector('.monaco-select-box')?.textContent ?? '').trim();
    });
  }

  /** Shows an output channel in the Output panel (palette: Output: Show Output Channels...). */
  async showOutputChannel(name: string): Promise<void> {
    if ((await this.outputChannel()) === name && (await this.outputEditor.isVisible())) return;
    await this.runCommand('Output: Show Output Channels...');
    await this.pick(/output channel/i, name);
    await waitFor(`the Output panel showing "${name}"`, async () => ((await this.outputChannel()) === name ? true : undefined), {
      describe: async () => `showing "${await this.outputChannel()}"`,
    });
  }

  /** The lines an output channel shows now (the visible part: it scrolls to its end as it grows). */
  async outputLines(name: string): Promise<string[]> {
    await this.showOutputChannel(name);
    return Workbench.editorLines(this.outputEditor);
  }

  /** The active editor in the editor area. */
  get activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** The title of the active editor tab. */
  async activeEditorTitle(): Promise<string> {
    const tab = this.page.locator('.part.editor .editor-group-container.active .tab.active').first();
    if (!(await tab.isVisible())) return '';
    return ((await tab.getAttribute('aria-label')) ?? (await tab.textContent()) ?? '').trim();
  }
}
