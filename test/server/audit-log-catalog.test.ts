/**
 * The audit log is a catalog log named "audit": in the daemon's state folder
 * (not under the host root), read like any log through TailLog, marked for
 * operators only, and its name cannot be taken by a configured log.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../server/core/config/daemon-config';
import { LogCatalog } from '../../server/core/logs/log-catalog';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';
import { makeSandbox } from '../helpers/sandbox';
import { TailCollector } from '../helpers/tail-collector';
import { useTestDaemon } from '../helpers/test-daemon';

describe('audit log in the log catalog', () => {
  const daemon = useTestDaemon();

  it('is the log "audit" at <stateDir>/audit.log, outside the host root, for operators only', () => {
    const { daemon: d, sandbox } = daemon();
    const entry = d.catalog.resolve('audit');
    assert.equal(entry.path, path.join(sandbox.stateDir, 'audit.log'));
    assert.ok(!entry.path.startsWith(sandbox.root), 'the state folder is a real path, not a host path under the root');
    assert.equal(entry.minRole, 'operator');
    assert.equal(d.catalog.isRestricted('audit'), true);
    assert.equal(d.catalog.isRestricted('installer'), false);
    assert.equal(d.catalog.isRestricted('no-such-log'), false);
    assert.deepEqual(d.catalog.names(), ['installer', 'configurator', 'ua_install', 'installer_errors', 'audit']);
  });

  it('is read through TailLog (gRPC and REST) with the lines the daemon recorded', async () => {
    const { daemon: d, client, restUrl } = daemon();
    d.access.audit.record({ principal: 'local', peer: '127.0.0.1:1234', transport: 'grpc', method: 'DeletePackage', target: 'x.tar.gz', code: 'ok' });
    const tail = new TailCollector(client.tailLog({ log: 'audit' }));
    await tail.done();
    assert.equal(tail.error, undefined);
    const recorded = tail.lines.map((line) => JSON.parse(line) as Record<string, string>);
    const mine = recorded.find((r) => r.method === 'DeletePackage');
    assert.deepEqual({ ...mine, time: undefined }, {
      time: undefined,
      principal: 'local',
      peer: '127.0.0.1:1234',
      transport: 'grpc',
      method: 'DeletePackage',
      target: 'x.tar.gz',
      code: 'ok',
    });
    const res = await fetch(`${restUrl}/v1/logs/audit?format=text`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /"method":"DeletePackage","target":"x\.tar\.gz","code":"ok"/);
    assert.equal(fs.statSync(d.catalog.resolve('audit').path).mode & 0o777, 0o600);
  });

  it('is listed by GetStatus with the other logs', async () => {
    const status = await daemon().client.getStatus();
    const audit = status.logs.find((log) => log.name === 'audit');
    assert.equal(audit?.path, path.join(daemon().sandbox.stateDir, 'audit.log'));
  });
});

describe('audit log name', () => {
  it('stays the audit log whatever the configured logs say, and a configured log named "audit" is refused', () => {
    const sandbox = makeSandbox();
    try {
      const config = { ...defaultConfig(), root: sandbox.root, stateDir: sandbox.stateDir, extraLogs: [{ name: 'audit', path: '/tmp/x', description: 'mine' }] };
      assert.equal(LogCatalog.forConfig(config).resolve('audit').path, path.join(sandbox.stateDir, 'audit.log'));
      const file = path.join(sandbox.dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ extraLogs: [{ name: 'audit', path: '/var/log/x.log', description: 'x' }] }));
      assert.throws(() => parseDaemonArgs(['--config', file]), (err: Error) => err instanceof UsageError && /cannot name a log "audit".*choose another name/.test(err.message));
      fs.writeFileSync(file, JSON.stringify({ extraLogs: [{ name: 'secure', path: '/var/log/secure', description: 'x', minRole: 'admin' }] }));
      assert.throws(() => parseDaemonArgs(['--config', file]), /minRole "admin"; the only one is "operator"/);
      fs.writeFileSync(file, JSON.stringify({ extraLogs: [{ name: 'secure', path: '/var/log/secure', description: 'x', minRole: 'operator' }] }));
      const parsed = parseDaemonArgs(['--config', file]);
      assert.ok(parsed.kind === 'run' && LogCatalog.forConfig(parsed.config).isRestricted('secure'), 'a configured log can be for operators only');
    } finally {
      sandbox.remove();
    }
  });
});
