/**
 * No secret leaves through access control: after a session of calls with
 * every kind of token (good, viewer, expired, revoked, guessed, a malformed
 * header) and a passphrase, over gRPC and REST, no token and no passphrase is
 * in the audit log, the job store, any other file of the daemon's, anything
 * mobilityd printed, or any answer. mobilityd runs from its sources as its own
 * process, so what it prints is what an administrator's journal would hold.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import { ClientError } from '../../client/errors/client-error';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { makeTestTokens, type TestTokens } from '../helpers/access-tokens';
import { JobWatcher } from '../helpers/job-watcher';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { copySamplePackages, setSamplePassphrase } from '../helpers/sample-packages';
import { startSourceDaemon, type SourceDaemon } from '../helpers/source-daemon';

const PASSPHRASE = 'correct-horse-battery-staple-9f3a';
const GUESS = 'mobility_guessedguessedguessedguessedguessedgue';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('access control keeps secrets', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let tokens: TestTokens;
  let daemon: SourceDaemon;
  const answers: string[] = [];
  const clients: AgentControlClient[] = [];

  /** Over TCP, or (bad tokens, many of them: never backed off there) over the Unix socket. */
  const client = (token?: string, over: 'tcp' | 'unix' = 'tcp') => {
    const made = new AgentControlClient(over === 'tcp' ? daemon.address : `unix://${path.join(sandbox.dir, 'grpc.sock')}`, {}, token ? { token } : {});
    clients.push(made);
    return made;
  };
  const record = async (call: Promise<unknown>) => {
    try {
      answers.push(JSON.stringify(await call, (_key, value) => (typeof value === 'bigint' ? String(value) : value)));
    } catch (err) {
      const error = ClientError.from(err);
      answers.push(error.message, error.rawMessage);
    }
  };
  const rest = async (pathname: string, init: RequestInit = {}) => {
    const answer = await fetch(`${daemon.restUrl}${pathname}`, init);
    answers.push(`${answer.status} ${JSON.stringify([...answer.headers])} ${await answer.text()}`);
  };

  before(async () => {
    sandbox = makeSandbox();
    tokens = await makeTestTokens(sandbox.dir);
    await copySamplePackages(path.join(sandbox.stateDir, 'repository'), ['9.40.0.0']);
    setSamplePassphrase(sandbox.root, PASSPHRASE);
    daemon = await startSourceDaemon(['--listen', `unix://${path.join(sandbox.dir, 'grpc.sock')}`, '--root', sandbox.root, '--state-dir', sandbox.stateDir, '--auth-tokens', tokens.file]);

    const operator = client(tokens.operator);
    const job = await operator.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } });
    answers.push(JSON.stringify(job, (_key, value) => (typeof value === 'bigint' ? String(value) : value)));
    await new JobWatcher(operator.watchJob(job.id)).result();
    await record(operator.register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } }));
    const calls = async (token: string | undefined, over: 'tcp' | 'unix') => {
      await record(client(token, over).getStatus());
      await record(client(token, over).install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } }));
      await record(client(token, over).deletePackage('x.tar.gz'));
    };
    const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
    const register = (headers: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ registration: { csEndpoint: '10.0.0.5', passphrase: PASSPHRASE } }),
    });
    for (const token of [tokens.viewer, tokens.operator]) {
      await calls(token, 'tcp');
      await rest('/v1/status', { headers: bearer(token) });
      await rest('/v1/register', register(bearer(token)));
      await rest('/v1/logs/audit?lines=100', { headers: bearer(token) });
    }
    for (const token of [tokens.expired, tokens.revoked, GUESS, undefined]) await calls(token, 'unix');
    await calls(undefined, 'tcp');
    // Four bad credentials over TCP: one fewer than the back-off's threshold.
    await rest('/v1/status', { headers: bearer(tokens.revoked) });
    await rest('/v1/register', register(bearer(tokens.expired)));
    await rest('/v1/logs/audit?lines=100', { headers: bearer(GUESS) });
    await rest('/v1/jobs', { headers: { authorization: `Basic ${tokens.operator}` } });
    await rest('/v1/register', register({}));
    for (const made of clients) made.close();
    daemon.child.kill('SIGTERM'); // a clean stop: the audit log is synced
    const exit = await daemon.exited;
    assert.equal(exit.code, 0, daemon.output());
  });

  after(() => sandbox?.remove());

  const secrets = () => [...tokens.all(), GUESS, PASSPHRASE];

  it('made every kind of call it claims to (the audit log has their lines)', () => {
    const audit = fs.readFileSync(path.join(sandbox.stateDir, 'audit.log'), 'utf8');
    for (const expected of [
      '"principal":"token:ops"',
      '"principal":"token:ci"',
      '"principal":"token:old-ci"',
      '"principal":"token:leaked"',
      '"detail":"unknown token"',
      '"detail":"malformed authorization header"',
      '"method":"Register"',
      '"transport":"rest"',
      '"peer":"unix"',
    ]) {
      assert.ok(audit.includes(expected), `the audit log has ${expected}`);
    }
    assert.ok(!audit.includes('resource_exhausted'), 'no call was backed off: each was answered for what it was');
  });

  it('has no token and no passphrase in any file of its state folder (the audit log and the job store included) or under its root', () => {
    const files = [...filesUnder(sandbox.stateDir), ...filesUnder(sandbox.root)].filter((file) => file !== path.join(sandbox.root, 'etc', 'mobility-sample', 'cs-passphrase'));
    assert.ok(files.some((file) => file.includes(`${path.sep}jobs${path.sep}`)), 'the job store was searched');
    for (const file of files) {
      const content = fs.readFileSync(file);
      for (const secret of secrets()) assert.equal(content.indexOf(secret), -1, `${file} holds a secret`);
    }
  });

  it('holds only hashes in the token file', () => {
    const text = fs.readFileSync(tokens.file, 'utf8');
    for (const token of tokens.all()) assert.ok(!text.includes(token));
  });

  it('printed no token and no passphrase', () => {
    const output = daemon.output();
    for (const secret of secrets()) assert.ok(!output.includes(secret), 'the output holds a secret');
  });

  it('answered no token and no passphrase', () => {
    assert.ok(answers.length > 50, `${answers.length} answers`);
    for (const answer of answers) for (const secret of secrets()) assert.ok(!answer.includes(secret), `an answer holds a secret: ${answer.slice(0, 200)}`);
  });
});
