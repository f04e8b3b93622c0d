/**
 * A daemon per test whose repository folder is a real folder, with the
 * helpers the repository tests share: installer names, files put straight
 * into the folder, the folder's listing, and gRPC uploads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chunksOf, headerFor, linuxPackageName, windowsPackageName } from './package-archives';
import { useTestDaemon } from './test-daemon';

/** The sandbox's os-release is Ubuntu 20.04. */
export const HOST_TAG = 'UBUNTU-20.04-64';

/** An installer file name for any OS tag, Windows included. */
export const nameOf = (version: string, tag: string, date: string) =>
  tag === 'Windows' ? windowsPackageName(version, date) : linuxPackageName(version, tag, date);

export const UBUNTU_930 = nameOf('9.30.0.0', HOST_TAG, '22Oct2019');

/** Call inside a describe: registers the daemon's hooks and returns it with the folder helpers. */
export function useRepositoryDaemon(options: { maxPackageBytes: number }) {
  const daemon = useTestDaemon({ config: { maxPackageBytes: options.maxPackageBytes } });
  const dir = () => daemon().daemon.packages.dir;
  /** Writes a file straight into the repository folder; returns its path. */
  const put = (name: string, data: Buffer) => {
    const file = path.join(dir(), name);
    fs.writeFileSync(file, data);
    return file;
  };
  /** Everything in the folder, hidden files included: what a half-done upload would leave. */
  const folder = () => fs.readdirSync(dir()).sort();
  const upload = (name: string, data: Buffer, options?: { signal?: AbortSignal }) =>
    daemon().client.uploadPackage(headerFor(name, data), chunksOf(data), options);
  return { daemon, dir, put, folder, upload };
}
