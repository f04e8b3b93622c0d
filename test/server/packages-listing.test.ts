/**
 * The package repository's folder through the real APIs: ListPackages over gRPC,
 * find and newestFor, and the housekeeping a daemon does at start (temp files left
 * behind) and on every listing (a file hashed once per version).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../server/core/errors/app-error';
import { FileHashCache } from '../../server/core/packages/file-hash-cache';
import { sha256Of } from '../helpers/package-archives';
import { HOST_TAG, nameOf, UBUNTU_930, useRepositoryDaemon } from '../helpers/package-repository';
import { makeSandbox } from '../helpers/sandbox';
import { startTestDaemon } from '../helpers/test-daemon';

describe('packages', () => {
  const { daemon, dir, put } = useRepositoryDaemon({ maxPackageBytes: 1024 * 1024 });

  describe('ListPackages', () => {
    it('answers an empty repository with its folder', async () => {
      const listing = await daemon().client.listPackages();
      assert.deepEqual(listing.packages, []);
      assert.equal(listing.selectedPackage, '');
      assert.equal(listing.repositoryPath, dir());
    });

    it('lists newest version first, then newest date, and selects the newest for the host', async () => {
      const files = {
        old: put(UBUNTU_930, Buffer.from('ubuntu 9.30')),
        newer: put(nameOf('9.56.0.0', HOST_TAG, '03Mar2023'), Buffer.from('ubuntu 9.56 March')),
        newest: put(nameOf('9.56.0.0', HOST_TAG, '20Apr2023'), Buffer.from('ubuntu 9.56 April')),
        rhel: put(nameOf('9.60.0.0', 'RHEL7-64', '01Jan2024'), Buffer.from('rhel 9.60')),
        windows: put(nameOf('9.9.0.0', 'Windows', '01Jan2018'), Buffer.from('windows 9.9')),
      };
      // Not packages: other files, an upload in progress, a folder with a package's name.
      put('README.txt', Buffer.from('notes'));
      put('.upload-0123456789abcdef01234567.partial', Buffer.from('half'));
      fs.mkdirSync(path.join(dir(), nameOf('9.99.0.0', HOST_TAG, '01Jan2025')));

      const listing = await daemon().client.listPackages();
      assert.deepEqual(
        listing.packages.map((p) => p.name),
        [files.rhel, files.newest, files.newer, files.old, files.windows].map((f) => path.basename(f)),
        '9.60 > 9.56 (April > March) > 9.30 > 9.9: versions compare as numbers',
      );
      assert.equal(listing.selectedPackage, path.basename(files.newest));
      assert.deepEqual(
        listing.packages.map((p) => p.matchesHost),
        [false, true, true, true, false],
      );
      const first = listing.packages[1];
      assert.equal(first.version, '9.56.0.0');
      assert.equal(first.osTag, HOST_TAG);
      assert.equal(first.releaseDate, '20Apr2023');
      assert.equal(first.sizeBytes, BigInt('ubuntu 9.56 April'.length));
      assert.equal(first.sha256, sha256Of(Buffer.from('ubuntu 9.56 April')));
    });

    it('reports the new hash when a file is replaced in place', async () => {
      const file = put(UBUNTU_930, Buffer.from('first'));
      assert.equal((await daemon().client.listPackages()).packages[0].sha256, sha256Of(Buffer.from('first')));
      fs.writeFileSync(file, Buffer.from('second, longer'));
      assert.equal((await daemon().client.listPackages()).packages[0].sha256, sha256Of(Buffer.from('second, longer')));
    });
  });

  describe('find and newestFor', () => {
    it('finds a package by name and the newest for an OS tag', async () => {
      put(UBUNTU_930, Buffer.from('a'));
      put(nameOf('9.56.0.0', HOST_TAG, '03Mar2023'), Buffer.from('b'));
      const found = await daemon().daemon.packages.find(UBUNTU_930, HOST_TAG);
      assert.equal(found.path, path.join(dir(), UBUNTU_930));
      assert.equal(found.package.sha256, sha256Of(Buffer.from('a')));
      assert.equal((await daemon().daemon.packages.newestFor(HOST_TAG))?.package.version, '9.56.0.0');
      assert.equal(await daemon().daemon.packages.newestFor('RHEL5-64'), undefined);
    });

    it('says where the repository is and how to add a package that is missing', async () => {
      await assert.rejects(
        daemon().daemon.packages.find(UBUNTU_930, HOST_TAG),
        (err: AppError) =>
          err.code === 'not_found' && err.message.includes(dir()) && err.message.includes('mobilityctl push <file>') && err.message.includes(`copy the installer file into ${dir()}`),
      );
      await assert.rejects(daemon().daemon.packages.find('../../etc/passwd', HOST_TAG), (err: AppError) => err.code === 'invalid_argument');
    });
  });

  describe('housekeeping', () => {
    it('finding 4: removes every temp file a previous daemon left behind, however recent', async () => {
      const sandbox = makeSandbox();
      const repository = path.join(sandbox.stateDir, 'repository');
      fs.mkdirSync(repository, { recursive: true });
      const stale = path.join(repository, '.upload-aaaaaaaaaaaaaaaaaaaaaaaa.partial');
      const recent = path.join(repository, '.upload-bbbbbbbbbbbbbbbbbbbbbbbb.partial');
      fs.writeFileSync(stale, 'left by a crash');
      fs.writeFileSync(recent, 'left by a crash a moment ago');
      const hourAgo = new Date(Date.now() - 3600_000);
      fs.utimesSync(stale, hourAgo, hourAgo);
      const other = await startTestDaemon({ sandbox });
      try {
        assert.deepEqual((await other.daemon.packages.startupCleanup).sort(), [stale, recent].sort());
        assert.deepEqual(fs.readdirSync(repository), []);
      } finally {
        await other.stop();
        sandbox.remove();
      }
    });

    it('hashes a file once per version: an unchanged file is never read again', async () => {
      const file = put(UBUNTU_930, Buffer.from('original content'));
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(file, old, old);
      const cache = new FileHashCache();
      const first = await cache.sha256(file, fs.statSync(file));
      assert.equal(first, sha256Of(Buffer.from('original content')));
      // Same size, same inode, mtime put back: a cache that re-read the file would see the change.
      fs.writeFileSync(file, Buffer.from('CHANGED content!'.slice(0, 'original content'.length)));
      fs.utimesSync(file, old, old);
      assert.equal(await cache.sha256(file, fs.statSync(file)), first);
      // A real change of identity (here the mtime) is hashed again.
      fs.utimesSync(file, new Date(), new Date());
      assert.equal(await cache.sha256(file, fs.statSync(file)), sha256Of(fs.readFileSync(file)));
    });
  });
});
