/**
 * Push installation from the editor: a local installer file, picked in an open
 * dialog, hashed and uploaded into the host's repository under a cancellable
 * progress notification. Returns the package name the host stored.
 */
import * as vscode from 'vscode';
import { ClientError } from '../../../../client/errors/client-error';
import { formatBytes } from '../../../../client/format/format-values';
import { inspectPackageFile, packageChunks } from '../../../../client/packages/package-file';
import type { HostEntry } from '../../model/host-settings';
import type { Services } from '../../services';
import { showHostError } from '../../ui/messages';

export async function pushLocalPackage(s: Services, host: HostEntry): Promise<string | undefined> {
  const files = await vscode.window.showOpenDialog({
    title: `Push an installer to ${host.name}`,
    openLabel: `Push to ${host.name}`,
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { 'Installer packages (Microsoft-ASR_UA_*.tar.gz, *.exe)': ['gz', 'exe'], 'All files': ['*'] },
  });
  const file = files?.[0];
  if (!file) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${host.name}: pushing ${file.path.split('/').pop()}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        let shown = 0;
        const pkg = await inspectPackageFile(file.fsPath, (bytes, total) => {
          const percent = total ? Math.floor((bytes / total) * 50) : 50;
          if (percent > shown) progress.report({ message: `checking (sha256) ${formatBytes(bytes)}`, increment: percent - shown });
          shown = percent;
        });
        if (controller.signal.aborted) return undefined;
        const response = await s.pool.get(host.name).uploadPackage(
          { name: pkg.name, sha256: pkg.sha256, sizeBytes: pkg.sizeBytes },
          packageChunks(pkg, (bytes) => {
            const percent = 50 + Math.floor((bytes / Math.max(1, pkg.sizeBytes)) * 50);
            if (percent > shown) progress.report({ message: `sending ${formatBytes(bytes)} of ${formatBytes(pkg.sizeBytes)}`, increment: percent - shown });
            shown = percent;
          }),
          { signal: controller.signal },
        );
        const name = response.package?.name ?? pkg.name;
        const note = response.alreadyPresent ? 'was already in its repository' : 'is now in its repository';
        s.log.info(`${host.name}: ${name} ${note}`);
        void vscode.window.showInformationMessage(`${host.name}: ${name} ${note} (sha256 verified).`);
        return name;
      } catch (err) {
        if (controller.signal.aborted && err instanceof ClientError && err.reason === 'cancelled') return undefined;
        if (!(err instanceof ClientError)) {
          // A problem with the local file (name, unreadable, changed while pushed): not the host's words.
          void vscode.window.showErrorMessage(`Cannot push to ${host.name}: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        }
        showHostError(s, host, err);
        return undefined;
      } finally {
        subscription.dispose();
      }
    },
  );
}
