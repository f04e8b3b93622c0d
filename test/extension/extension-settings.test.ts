/**
 * The extension's host settings and input validators: mobility.hosts parsed
 * without ever throwing (bad entries skipped with a reason, secrets refused),
 * Add/Edit/Remove changing only their own entry, and what the input boxes
 * say as people type.
 */
import { strict as assert } from 'node:assert';
import { hostSecretKey, parseHostsSetting, withHostAdded, withHostEdited, withHostRemoved } from '../../extension/src/model/host-settings';
import {
  addressProblem,
  csEndpointProblem,
  hostFilePathProblem,
  hostNameProblem,
  installLocationProblem,
  normaliseAddress,
} from '../../extension/src/model/validators';

describe('extension: host settings', () => {
  it('reads name, address and TLS, normalising the address and keeping options of later versions', () => {
    const { hosts, problems } = parseHostsSetting([
      { name: 'web-01', address: '10.0.0.4' },
      { name: 'db-02', address: '[fd00::5]:6000', tls: { ca: '/etc/ca.pem' }, proxy: { via: 'jump-01' } },
      { name: 'local', address: 'localhost:50051', tls: false },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(hosts, [
      { name: 'web-01', address: '10.0.0.4:50051' },
      { name: 'db-02', address: '[fd00::5]:6000', tls: { ca: '/etc/ca.pem' }, extra: { proxy: { via: 'jump-01' } } },
      { name: 'local', address: 'localhost:50051' },
    ]);
  });

  it('skips bad entries with a reason each, and keeps the good ones', () => {
    const { hosts, problems } = parseHostsSetting([
      'web-01',
      { name: 'a' },
      { name: '', address: '10.0.0.1' },
      { name: 'b', address: 'http://10.0.0.2' },
      { name: 'c', address: '10.0.0.3:99999' },
      { name: 'ok', address: '10.0.0.4' },
      { name: 'OK', address: '10.0.0.5' },
    ]);
    assert.deepEqual(hosts.map((h) => h.name), ['ok']);
    assert.equal(problems.length, 6);
    assert.match(problems[0], /^mobility\.hosts\[0\] is not an object/);
    assert.match(problems[1], /^mobility\.hosts\[1\] needs a "name" and an "address"/);
    assert.match(problems[2], /^mobility\.hosts\[2\] \(""\): Give the host a name/);
    assert.match(problems[3], /^mobility\.hosts\[3\] \(b\): Host address "http:\/\/10\.0\.0\.2" is malformed/);
    assert.match(problems[4], /port must be a number from 1 to 65535/);
    assert.match(problems[5], /already a host named "OK"/);
    assert.deepEqual(parseHostsSetting(undefined), { hosts: [], problems: [] });
    assert.match(parseHostsSetting({ name: 'x' }).problems[0], /must be an array/);
  });

  it('never reads a secret from settings', () => {
    const { hosts, problems } = parseHostsSetting([{ name: 'web-01', address: '10.0.0.4', passphrase: 'hunter2', apiToken: 't' }]);
    assert.deepEqual(hosts, [{ name: 'web-01', address: '10.0.0.4:50051' }]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /"passphrase" looks like a secret; secrets are never read from settings/);
    assert.ok(!problems.join().includes('hunter2'), 'the value is never repeated');
  });

  it('Add, Edit and Remove change only their own entry and keep everything else as written', () => {
    const raw = [{ name: 'web-01', address: '10.0.0.4' }, { bogus: true }, { name: 'db-02', address: '10.0.0.5:6000', tls: { ca: 'x' } }];
    assert.deepEqual(withHostAdded(raw, 'app-03', '10.0.0.6'), [...raw, { name: 'app-03', address: '10.0.0.6:50051' }]);
    assert.throws(() => withHostAdded(raw, 'WEB-01', '10.0.0.7'), /already a host named "WEB-01"/);
    assert.throws(() => withHostAdded(raw, 'x', 'a b'), /malformed/);
    assert.deepEqual(withHostAdded(undefined, 'a', 'h'), [{ name: 'a', address: 'h:50051' }]);

    assert.deepEqual(withHostEdited(raw, 'db-02', 'db-2', '10.0.0.9'), [raw[0], raw[1], { name: 'db-2', address: '10.0.0.9:50051', tls: { ca: 'x' } }]);
    assert.deepEqual(withHostEdited(raw, 'web-01', 'web-01', '10.0.0.4:50051')[0], { name: 'web-01', address: '10.0.0.4:50051' }, 'keeping its own name is fine');
    assert.throws(() => withHostEdited(raw, 'web-01', 'db-02', '10.0.0.4'), /already a host named "db-02"/);
    assert.throws(() => withHostEdited(raw, 'gone', 'x', '10.0.0.4'), /no host named "gone"/);

    assert.deepEqual(withHostRemoved(raw, 'web-01'), [raw[1], raw[2]]);
    assert.deepEqual(raw.length, 3, 'the input is never changed');
  });

  it('keys secrets by host in SecretStorage', () => {
    assert.equal(hostSecretKey('web/01', 'token'), 'mobility.host/web%2F01/token');
  });
});

describe('extension: input validation as people type', () => {
  it('host names', () => {
    assert.equal(hostNameProblem('web-01'), undefined);
    assert.match(hostNameProblem('')!, /Give the host a name/);
    assert.match(hostNameProblem(' web')!, /must not start or end with a space/);
    assert.match(hostNameProblem('x'.repeat(65))!, /keep it to 64/);
    assert.match(hostNameProblem('a\tb')!, /one line/);
    assert.match(hostNameProblem('Web-01', ['web-01'])!, /already a host named "Web-01"/);
  });

  it('addresses', () => {
    for (const ok of ['10.0.0.4', '10.0.0.4:50051', 'host.example', '[::1]:50051', 'fd00::4']) assert.equal(addressProblem(ok), undefined, ok);
    assert.match(addressProblem('')!, /^The host address is empty/);
    assert.match(addressProblem('10.0.0.4:0')!, /port must be a number from 1 to 65535/);
    assert.match(addressProblem('grpc://x')!, /no scheme/);
    assert.equal(normaliseAddress(' fd00::4 '), '[fd00::4]:50051');
  });

  it('configuration server IPs: IPv4 or IPv6 only', () => {
    for (const ok of ['10.0.0.5', 'fd00::10', '::1', ' 10.0.0.5 ']) assert.equal(csEndpointProblem(ok), undefined, ok);
    assert.match(csEndpointProblem('')!, /IP address/);
    assert.match(csEndpointProblem('cs.example.com')!, /is not an IPv4 or IPv6 address/);
    assert.match(csEndpointProblem('300.1.1.1')!, /is not an IPv4 or IPv6 address/);
    assert.match(csEndpointProblem('10.0.0')!, /is not an IPv4 or IPv6 address/);
  });

  it('install locations: empty for the default, else absolute without shell metacharacters', () => {
    for (const ok of ['', '/usr/local/ASR', '/opt/asr-agent', 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery']) {
      assert.equal(installLocationProblem(ok), undefined, ok);
    }
    assert.match(installLocationProblem('usr/local')!, /absolute path/);
    assert.match(installLocationProblem('/opt/a;rm -rf /')!, /must not contain ";"/);
    assert.match(installLocationProblem('/opt/$(id)')!, /must not contain "\$"/);
    assert.match(installLocationProblem(' /opt')!, /space/);
  });

  it('passphrase files on the host', () => {
    assert.equal(hostFilePathProblem('/var/passphrase.txt'), undefined);
    assert.equal(hostFilePathProblem('C:\\passphrase.txt'), undefined);
    assert.match(hostFilePathProblem('passphrase.txt')!, /not an absolute path/);
  });
});
