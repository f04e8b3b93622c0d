/**
 * The extension tells a failed job's exit code in words: its error message and the job row's tooltip
 * carry the catalog's meaning and remedy (pure models; no VS Code, no daemon).
 */
import { create } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import { explainExit } from '../../contract/explanations';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { explanationLines, jobOutcome } from '../../extension/src/model/job-report';
import { jobRow } from '../../extension/src/model/tree-model';
import { ExitStatusSchema, JobKind, JobSchema, JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';

const HOST: HostEntry = { name: 'web-01', address: '127.0.0.1:1' };

function job(state: JobState, exit: { program: string; code: number; meaning: string; remedy?: string }, message = ''): Job {
  return create(JobSchema, { id: 'j1', kind: JobKind.INSTALL, state, message, exit: create(ExitStatusSchema, exit) });
}

const tooltipLines = (j: Job) => jobRow(HOST, j).tooltip!.plain.split('\n');

describe('extension: a failed job explains its exit code', () => {
  const prereq = explainExit('install', 99);
  const failed = job(JobState.FAILED, { program: 'install', code: 99, meaning: prereq.summary, remedy: prereq.remedy }, 'prerequisites not met');

  it('the error message carries what the code means and what to do', () => {
    const outcome = jobOutcome('web-01', failed);
    assert.equal(outcome.severity, 'error');
    assert.ok(outcome.text.endsWith(` — ${prereq.meaning} What to do: ${prereq.remedy}`), outcome.text);
  });

  it('the job row tooltip has What it means, What to do and the explain command', () => {
    const lines = tooltipLines(failed);
    assert.ok(lines.includes(`What it means: ${prereq.meaning}`), lines.join('\n'));
    assert.ok(lines.includes(`What to do: ${prereq.remedy}`), lines.join('\n'));
    assert.ok(lines.includes('More: `mobilityctl explain 99`'), lines.join('\n'));
  });

  it('a job from an older daemon (no remedy recorded) gets the catalog remedy', () => {
    const old = job(JobState.FAILED, { program: 'UnifiedAgentConfigurator.sh', code: 14, meaning: 'the configuration server rejected the passphrase' });
    assert.deepEqual(explanationLines(old)[1], ['What to do', explainExit('UnifiedAgentConfigurator.sh', 14).remedy]);
    assert.match(jobOutcome('web-01', old).text, /What to do: Get the current passphrase on the configuration server/);
  });

  it('a program killed by a signal: the daemon\'s remedy, no catalog meaning for 128 + n', () => {
    const killed = job(JobState.FAILED, { program: 'install', code: 137, meaning: 'killed by SIGKILL (forced to stop)', remedy: 'Find out what stopped it.' });
    assert.deepEqual(explanationLines(killed), [['What to do', 'Find out what stopped it.']]);
  });

  it('a success says nothing more; a warning (98) says what to do', () => {
    const ok = job(JobState.SUCCEEDED, { program: 'install', code: 0, meaning: 'success' });
    assert.deepEqual(explanationLines(ok), []);
    assert.ok(!jobOutcome('web-01', ok).text.includes('What to do'));
    const warned = explainExit('install', 98);
    const warning = job(JobState.WARNING, { program: 'install', code: 98, meaning: warned.summary, remedy: warned.remedy });
    assert.equal(jobOutcome('web-01', warning).severity, 'warning');
    assert.ok(tooltipLines(warning).includes(`What to do: ${warned.remedy}`));
  });
});
