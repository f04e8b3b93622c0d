/**
 * Finding 5a: the repository took any bytes as a package. An upload's content
 * is now checked after it has arrived and before it gets its name: a Linux
 * package is a gzip tar with an executable `install` at its top level and
 * `UnifiedAgentConfigurator.sh`; a Windows package is a PE executable.
 * Anything else is INVALID_ARGUMENT (HTTP 400) saying what is wrong, and
 * nothing of it is ever visible. Real daemon, real gRPC and HTTP, archives
 * made by GNU tar.
 */
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { expectGrpcError } from '../helpers/grpc-errors';
import {
  CONTRACT_ENTRIES,
  chunksOf,
  gzip,
  headerFor,
  linuxPackage,
  linuxPackageName,
  sha256Of,
  tarOf,
  windowsPackage,
  windowsPackageName,
  type ArchiveEntry,
} from '../helpers/package-archives';
import { samplePackages } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

const LINUX = linuxPackageName();
const WINDOWS = windowsPackageName();
const CONFIGURATOR = CONTRACT_ENTRIES[1];
const script = '#!/bin/sh\nexit 0\n';

describe('finding 5a: the repository checks what an uploaded package holds before it becomes visible', () => {
  const daemon = useTestDaemon();

  const folder = () => fs.readdirSync(daemon().daemon.packages.dir).sort();
  const upload = (name: string, data: Buffer) => daemon().client.uploadPackage(headerFor(name, data), chunksOf(data));
  const put = (name: string, data: Buffer) =>
    fetch(`${daemon().restUrl}/v1/packages/${name}`, { method: 'PUT', body: data, headers: { 'x-content-sha256': sha256Of(data) } });

  /** Refused over gRPC with INVALID_ARGUMENT matching `why`, and nothing (not even a temp file) is left. */
  async function refused(name: string, data: Buffer, why: RegExp): Promise<void> {
    const err = await expectGrpcError(upload(name, data), grpc.status.INVALID_ARGUMENT, why);
    assert.match(err.rawMessage, /nothing was stored/);
    await daemon().daemon.packages.activity.whenIdle();
    assert.deepEqual(folder(), [], `nothing is left of ${name}`);
    assert.deepEqual((await daemon().client.listPackages()).packages, []);
  }

  it('finding 5: 1 KB of random bytes with a valid name and sha256 is refused (HTTP 400, gRPC INVALID_ARGUMENT) and never selected', async () => {
    const junk = randomBytes(1024);
    const res = await put(LINUX, junk);
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.code, 'invalid_argument');
    assert.match(body.message, /^the content of Microsoft-ASR_UA_9\.30\.0\.0_UBUNTU-20\.04-64_GA_22Oct2019_release\.tar\.gz is not an agent installer package: it is not gzip data/);
    assert.match(body.message, /a Linux package is a gzip-compressed tar with an executable `install` at its top level and `UnifiedAgentConfigurator\.sh`/);
    const listing = await daemon().client.listPackages();
    assert.deepEqual(listing.packages, []);
    assert.equal(listing.selectedPackage, '');
    await refused(LINUX, junk, /it is not gzip data/);
  });

  it('finding 5: accepts the sample packages and the layouts the contract allows', async () => {
    for (const sample of await samplePackages()) {
      const response = await upload(sample.name, fs.readFileSync(sample.path));
      assert.equal(response.package?.sha256, sample.sha256);
    }
    const dotted = gzip(tarOf(CONTRACT_ENTRIES, { prefix: './' })); // as `tar -czf p.tar.gz -C dir .` names them
    assert.equal((await upload(linuxPackageName('9.50.0.0'), dotted)).alreadyPresent, false);
    const nested = gzip(
      tarOf([
        { path: 'install', content: script },
        { path: 'Vx', directory: true },
        { path: 'Vx/bin', directory: true },
        { path: 'Vx/bin/UnifiedAgentConfigurator.sh', content: script },
      ]),
    );
    assert.equal((await upload(linuxPackageName('9.51.0.0'), nested)).alreadyPresent, false);
    assert.equal((await upload(linuxPackageName('9.52.0.0'), gzip(tarOf(CONTRACT_ENTRIES, { format: 'ustar' })))).alreadyPresent, false);
    assert.equal((await upload(WINDOWS, windowsPackage(64 * 1024))).alreadyPresent, false);
    assert.equal((await daemon().client.listPackages()).packages.length, 7);
  });

  const linuxCases: Array<[string, () => Buffer, RegExp]> = [
    ['a tar that is not compressed', () => tarOf(CONTRACT_ENTRIES), /it is not gzip data \(a \.tar\.gz starts with the bytes 1f 8b\)/],
    ['gzip of bytes that are no tar', () => gzip(randomBytes(4096)), /it is not a tar archive/],
    ['a package cut short', () => linuxPackage({ padBytes: 64 * 1024 }).subarray(0, 20_000), /its gzip data is damaged or cut short/],
    ['no install at all', () => gzip(tarOf([CONFIGURATOR])), /it has no `install` at its top level/],
    [
      'install only inside a folder',
      () => gzip(tarOf([{ path: 'bin', directory: true }, { path: 'bin/install', content: script }, CONFIGURATOR])),
      /it has no `install` at its top level/,
    ],
    ['an install that is not executable', () => gzip(tarOf([{ path: 'install', content: script, mode: 0o644 }, CONFIGURATOR])), /`install` is not executable \(mode 0644\)/],
    ['an install that is a symbolic link', () => gzip(tarOf([{ path: 'install', symlinkTo: '/bin/sh' }, CONFIGURATOR])), /`install` is not a regular file \(it is a symbolic link\)/],
    ['an install that is a folder', () => gzip(tarOf([{ path: 'install', directory: true }, CONFIGURATOR])), /`install` is not a regular file \(it is a folder\)/],
    ['no configurator', () => gzip(tarOf([CONTRACT_ENTRIES[0]])), /it holds no `UnifiedAgentConfigurator\.sh`/],
    [
      'a member that would land outside the extraction folder',
      () => gzip(tarOf([...CONTRACT_ENTRIES, { path: '../evil.sh', content: script }])),
      /the entry "\.\.\/evil\.sh" would be extracted outside the package's folder/,
    ],
    [
      'a gzip bomb',
      () => gzip(tarOf([...CONTRACT_ENTRIES, { path: 'zeros.bin', content: Buffer.alloc(64 * 1024 * 1024) } satisfies ArchiveEntry])),
      /it expands to more than 100 times its size/,
    ],
    ['a Windows executable under a Linux name', () => windowsPackage(), /it is not gzip data/],
  ];
  for (const [what, make, why] of linuxCases) {
    it(`finding 5: refuses a Linux package with ${what}, saying so`, async () => {
      await refused(LINUX, make(), why);
    });
  }

  const windowsCases: Array<[string, () => Buffer, RegExp]> = [
    ['random bytes', () => randomBytes(4096), /it is not a PE executable: it does not start with "MZ"/],
    ['a Linux package', () => linuxPackage(), /it does not start with "MZ"/],
    ['a DOS header too short to point at a PE header', () => Buffer.from('MZ' + '\0'.repeat(30), 'latin1'), /it is not a PE executable: it is shorter than a DOS header \(64 bytes\)/],
    [
      'e_lfanew pointing past the end',
      () => {
        const data = windowsPackage(4096);
        data.writeUInt32LE(1_000_000, 0x3c);
        return data;
      },
      /the DOS header points at a PE header at offset 1000000, past the end of the file \(4096 bytes\)/,
    ],
    [
      'no "PE\\0\\0" where e_lfanew points',
      () => {
        const data = windowsPackage(4096);
        data.write('XX', 0x80, 'latin1');
        return data;
      },
      /there is no "PE\\0\\0" signature at offset 128, where the DOS header points/,
    ],
  ];
  for (const [what, make, why] of windowsCases) {
    it(`finding 5: refuses a Windows package that is ${what}, saying so`, async () => {
      const err = await expectGrpcError(upload(WINDOWS, make()), grpc.status.INVALID_ARGUMENT, why);
      assert.match(err.rawMessage, /a Windows package is a PE executable/);
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });
  }
});
