/**
 * Register jobs, and registration chained after an install, with the sample
 * configurator (its "configuration server" accepts the passphrase written to
 * <root>/etc/mobility-sample/cs-passphrase).
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { JobKind, JobState, RegistrationState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'Kx7-sample-CS-passphrase-4711';
const literal = (value: string) => ({ case: 'passphrase' as const, value });

describe('Register jobs', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();
  beforeEach(() => {
    setSamplePassphrase(daemon().sandbox.root, PASSPHRASE);
  });

  const installAgent = async () => {
    const job = await daemon().finish((await daemon().install()).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
  };

  it('registers with the passphrase itself; GetStatus shows REGISTERED with the configuration server', async () => {
    await installAgent();
    const started = await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: literal(PASSPHRASE) } });
    assert.equal(started.kind, JobKind.REGISTER);
    const job = await daemon().finish(started.id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.deepEqual(job.steps.map((s) => [StepKind[s.kind], StepState[s.state]]), [['REGISTER', 'SUCCEEDED']]);
    assert.deepEqual([job.exit?.code, job.exit?.meaning, job.exit?.program], [0, 'success', 'UnifiedAgentConfigurator.sh']);
    assert.equal(job.message, 'registered with configuration server 10.0.0.5');
    const registration = job.request.case === 'register' ? job.request.value.registration : undefined;
    assert.equal(registration?.csEndpoint, '10.0.0.5');
    assert.deepEqual(registration?.passphraseSource, { case: 'passphrase', value: '' }, 'only which source was used');
    const agent = (await daemon().client.getStatus()).agent!;
    assert.equal(agent.registration, RegistrationState.REGISTERED);
    assert.equal(agent.csEndpoint, '10.0.0.5');
    assert.match(fs.readFileSync(daemon().logPath('configurator'), 'utf8'), /Agent registered with configuration server 10\.0\.0\.5/);
  });

  it('registers with a passphrase file from the passphrase folder on the host (under the root), keeping its path in the job', async () => {
    await installAgent();
    const hostFile = '/etc/mobilityd/passphrases/MobSvc.passphrase';
    daemon().sandbox.write(hostFile, `${PASSPHRASE}\n`);
    const job = await daemon().finish((await daemon().register({ registration: { csEndpoint: 'fd00::10', passphraseSource: { case: 'passphraseFile', value: hostFile } } })).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    const registration = job.request.case === 'register' ? job.request.value.registration : undefined;
    assert.deepEqual(registration?.passphraseSource, { case: 'passphraseFile', value: hostFile });
    assert.equal((await daemon().client.getStatus()).agent?.csEndpoint, 'fd00::10');
  });

  it('a wrong passphrase: FAILED with exit 14, the configuration server rejected the passphrase', async () => {
    await installAgent();
    const job = await daemon().finish((await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: literal('not-the-passphrase') } })).id);
    assert.equal(job.state, JobState.FAILED);
    assert.deepEqual([job.exit?.code, job.exit?.meaning], [14, 'the configuration server rejected the passphrase']);
    assert.equal(stepOf(job, StepKind.REGISTER)?.message, 'registration with 10.0.0.5 failed: exit 14, the configuration server rejected the passphrase');
    assert.equal((await daemon().client.getStatus()).agent?.registration, RegistrationState.FAILED);
  });

  it('refuses when the agent is not installed, or the passphrase file is not one mobilityd reads', async () => {
    await expectGrpcError(
      daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: literal(PASSPHRASE) } }),
      status.FAILED_PRECONDITION,
      /^the Mobility service agent is not installed on this host; install it first/,
    );
    await installAgent();
    await expectGrpcError(
      daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphraseFile', value: '/etc/mobilityd/passphrases/missing.passphrase' } } }),
      status.FAILED_PRECONDITION,
      /^registration\.passphrase_file "\/etc\/mobilityd\/passphrases\/missing\.passphrase" is refused: mobilityd reads a passphrase file only when it is a regular file inside one of its passphrase folders \(\/etc\/mobilityd\/passphrases\)/,
    );
    await expectGrpcError(daemon().register({}), status.INVALID_ARGUMENT, /^registration is required/);
    await expectGrpcError(daemon().register({ registration: { csEndpoint: '300.1.1.1', passphraseSource: literal('x') } }), status.INVALID_ARGUMENT, /^cs_endpoint "300\.1\.1\.1" is refused/);
  });

  it('Install with a registration runs REGISTER at the end, as push installation does', async () => {
    const job = await daemon().finish((await daemon().install({ registration: { csEndpoint: '10.0.0.7', passphraseSource: literal(PASSPHRASE) } })).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.deepEqual(
      job.steps.map((s) => `${StepKind[s.kind]}=${StepState[s.state]}`),
      ['COPY_PACKAGE=SUCCEEDED', 'PREREQUISITE_CHECK=SUCCEEDED', 'INSTALL_AGENT=SUCCEEDED', 'INSTALL_VSS_PROVIDER=SKIPPED', 'REGISTER=SUCCEEDED'],
    );
    assert.equal(job.message, 'agent 9.40.0.0 installed in /usr/local/ASR; registered with configuration server 10.0.0.7');
    assert.equal(job.exit?.program, 'UnifiedAgentConfigurator.sh', 'the last program that ran');
    assert.equal(job.agentVersion, '9.40.0.0');
    const agent = (await daemon().client.getStatus()).agent!;
    assert.deepEqual([agent.version, agent.registration, agent.csEndpoint], ['9.40.0.0', RegistrationState.REGISTERED, '10.0.0.7']);
  });

  it('a chained registration that fails fails the job, with the agent installed', async () => {
    const job = await daemon().finish((await daemon().install({ registration: { csEndpoint: '10.0.0.7', passphraseSource: literal('wrong') } })).id);
    assert.equal(job.state, JobState.FAILED);
    assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.state, StepState.SUCCEEDED);
    assert.equal(stepOf(job, StepKind.REGISTER)?.state, StepState.FAILED);
    assert.match(job.message, /^agent 9\.40\.0\.0 installed in \/usr\/local\/ASR; then registration with configuration server 10\.0\.0\.7 failed: exit 14/);
    assert.equal((await daemon().client.getStatus()).agent?.installed, true);
  });

  it('a failed install skips the chained registration', async () => {
    fs.mkdirSync(daemon().sandbox.path('/etc/mobility-sample'), { recursive: true });
    fs.writeFileSync(daemon().sandbox.path('/etc/mobility-sample/faults'), 'prereq\n');
    const job = await daemon().finish((await daemon().install({ registration: { csEndpoint: '10.0.0.7', passphraseSource: literal(PASSPHRASE) } })).id);
    assert.equal(job.state, JobState.FAILED);
    assert.equal(stepOf(job, StepKind.REGISTER)?.state, StepState.SKIPPED);
    assert.equal(fs.existsSync(daemon().logPath('configurator')), false, 'the configurator never ran');
  });
});
