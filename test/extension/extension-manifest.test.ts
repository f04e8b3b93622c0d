/**
 * The extension's manifest (extension/package.json) against its code: every
 * command has its one file and activation event, the ids and labels the
 * end-to-end tests rely on are exactly as documented, and the context menus
 * offer only sensible actions for each host state (evaluating the menus'
 * `viewItem` conditions against the contextValues the tree model produces).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { AgentRole, GetStatusResponseSchema, JobSchema, JobState, RegistrationState } from '../../gen/mobility/v1/agent_control_pb';
import type { HostSnapshot } from '../../extension/src/model/host-snapshot';
import { hostContextValue } from '../../extension/src/model/host-state';
import { REPO_ROOT } from '../helpers/repo-root';

const EXTENSION = path.join(REPO_ROOT, 'extension');
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The few when-clause forms the manifest uses: `a && b`, `view == x`, `viewItem == x`, `viewItem =~ /re/`. */
function when(clause: string, context: Record<string, string>): boolean {
  return clause.split('&&').every((part) => {
    const text = part.trim();
    let m = /^(\w+) == (\S+)$/.exec(text);
    if (m) return context[m[1]] === m[2];
    m = /^(\w+) =~ \/(.*)\/$/.exec(text);
    if (m) return new RegExp(m[2]).test(context[m[1]] ?? '');
    throw new Error(`unexpected when clause part: ${text}`);
  });
}

const status = (agent: { installed: boolean; registered?: boolean }) =>
  create(GetStatusResponseSchema, {
    agent: {
      installed: agent.installed,
      version: agent.installed ? '9.40.0.0' : '',
      role: agent.installed ? AgentRole.MOBILITY_SERVICE : AgentRole.UNSPECIFIED,
      registration: agent.registered ? RegistrationState.REGISTERED : agent.installed ? RegistrationState.NOT_REGISTERED : RegistrationState.NOT_INSTALLED,
    },
  });
const ok = (installed: boolean, registered = false, jobState?: JobState): HostSnapshot => ({
  kind: 'ok',
  status: status({ installed, registered }),
  jobs: jobState ? [create(JobSchema, { id: 'j1', state: jobState })] : [],
  observedAt: 0,
});

function hostMenu(snapshot: HostSnapshot): string[] {
  const context = { view: 'mobility.hosts', viewItem: hostContextValue(snapshot) };
  const items = manifest.contributes.menus['view/item/context'] as { command: string; when: string }[];
  return [...new Set(items.filter((i) => when(i.when, context)).map((i) => i.command.replace('mobility.', '')))].sort();
}

describe('extension: manifest', () => {
  it('names and ids the end-to-end tests rely on', () => {
    assert.equal(manifest.name, 'mobility-control');
    assert.equal(manifest.displayName, 'Mobility Control');
    assert.equal(manifest.publisher, 'mobility-control');
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.90.0');
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar, [{ id: 'mobility', title: 'Mobility', icon: 'media/mobility.svg' }]);
    assert.ok(fs.existsSync(path.join(EXTENSION, 'media', 'mobility.svg')));
    assert.deepEqual(
      manifest.contributes.views.mobility.map((v: { id: string; name: string }) => [v.id, v.name]),
      [['mobility.hosts', 'Hosts']],
    );
    assert.deepEqual(manifest.contributes.viewsWelcome, [{ view: 'mobility.hosts', contents: 'No hosts yet.\n[Add Host](command:mobility.addHost)' }]);
    const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, `${c.category}: ${c.title}`]));
    assert.deepEqual(titles, {
      'mobility.addHost': 'Mobility: Add Host…',
      'mobility.editHost': 'Mobility: Edit Host…',
      'mobility.removeHost': 'Mobility: Remove Host',
      'mobility.setHostToken': 'Mobility: Set Host Token…',
      'mobility.clearHostToken': 'Mobility: Clear Host Token',
      'mobility.trustCertificate': 'Mobility: Trust Certificate…',
      'mobility.forgetCertificate': 'Mobility: Forget Trusted Certificate',
      'mobility.refresh': 'Mobility: Refresh',
      'mobility.install': 'Mobility: Install Mobility Service…',
      'mobility.installMany': 'Mobility: Install on Several Hosts…',
      'mobility.register': 'Mobility: Register with Configuration Server…',
      'mobility.uninstall': 'Mobility: Uninstall Mobility Service…',
      'mobility.showStatus': 'Mobility: Show Status',
      'mobility.tailInstallerLog': 'Mobility: Tail Installer Log',
      'mobility.tailConfiguratorLog': 'Mobility: Tail Configurator Log',
      'mobility.stopTail': 'Mobility: Stop Tailing Log',
      'mobility.cancelJob': 'Mobility: Cancel Job',
      'mobility.deletePackage': 'Mobility: Delete Package…',
    });
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['mobility.refreshIntervalSeconds'].default, 10);
    assert.equal(props['mobility.maxConcurrentQueries'].default, 16);
    assert.equal(props['mobility.requestTimeoutMs'].default, 3000);
    assert.deepEqual(props['mobility.hosts'].items.required, ['name', 'address']);
  });

  it('every command has its one file under src/commands and an activation event', () => {
    const files = sourceFiles(path.join(EXTENSION, 'src', 'commands'));
    const ids = new Map<string, string>();
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s+id: '(mobility\.\w+)',$/gm)) {
        assert.ok(!ids.has(m[1]), `${m[1]} is defined twice`);
        ids.set(m[1], path.relative(EXTENSION, file));
      }
    }
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual([...ids.keys()].sort(), declared);
    for (const id of declared) assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `onCommand:${id}`);
    assert.ok(manifest.activationEvents.includes('onView:mobility.hosts'));
    assert.equal(ids.get('mobility.addHost'), 'src/commands/hosts/add-host.ts');
    assert.equal(ids.get('mobility.install'), 'src/commands/agent/install.ts');
    assert.equal(ids.get('mobility.tailInstallerLog'), 'src/commands/logs/tail-installer-log.ts');
    assert.equal(ids.get('mobility.cancelJob'), 'src/commands/jobs/cancel-job.ts');
    assert.equal(ids.get('mobility.deletePackage'), 'src/commands/packages/delete-package.ts');
    const menus = Object.values(manifest.contributes.menus).flat() as { command: string }[];
    for (const item of menus) assert.ok(declared.includes(item.command), `menu item for undeclared ${item.command}`);
  });

  it('the host rows\' context menus offer only what makes sense in each state', () => {
    const always = ['clearHostToken', 'editHost', 'refresh', 'removeHost', 'setHostToken'];
    // Delete Package… needs a host that answers, like the views.
    const view = ['deletePackage', 'showStatus', 'tailConfiguratorLog', 'tailInstallerLog'];
    assert.deepEqual(hostMenu({ kind: 'unreachable', reason: 'connection refused', observedAt: 0, timedOut: false }), always);
    assert.deepEqual(hostMenu({ kind: 'loading' }), always);
    assert.deepEqual(hostMenu(ok(false)), [...always, 'install', ...view].sort());
    assert.deepEqual(hostMenu(ok(true)), [...always, 'install', 'register', 'uninstall', ...view].sort());
    assert.deepEqual(hostMenu(ok(true, true)), [...always, 'install', 'register', 'uninstall', ...view].sort());
    assert.deepEqual(hostMenu(ok(true, false, JobState.RUNNING)), [...always, 'cancelJob', ...view].sort());
    assert.deepEqual(hostMenu(ok(false, false, JobState.FAILED)), [...always, 'install', ...view].sort(), 'no Register without an agent');
    assert.deepEqual(hostMenu(ok(true, false, JobState.FAILED)), [...always, 'install', 'register', 'uninstall', ...view].sort());
    assert.deepEqual(hostMenu(ok(true, false, JobState.WARNING)), [...always, 'install', 'register', 'uninstall', ...view].sort());
    // Connection trouble: only what fixes it.
    assert.deepEqual(hostMenu({ kind: 'authFailed', message: 'token missing', observedAt: 0 }), always);
    assert.deepEqual(hostMenu({ kind: 'untrusted', message: 'self-signed', observedAt: 0 }), [...always, 'trustCertificate'].sort());
    assert.deepEqual(hostMenu({ kind: 'certificateChanged', message: 'changed', pinned: 'sha256:x', observedAt: 0 }), [...always, 'forgetCertificate'].sort());
    assert.deepEqual(hostMenu({ kind: 'misconfigured', message: 'no such file', observedAt: 0 }), always);
  });

  it('the fix is one click on the row: Set Host Token… on a refused caller, Trust Certificate… on an untrusted certificate', () => {
    const items = manifest.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
    const inline = (viewItem: string) =>
      items.filter((i) => i.group.startsWith('inline') && when(i.when, { view: 'mobility.hosts', viewItem })).map((i) => i.command).sort();
    assert.deepEqual(inline('host.authFailed'), ['mobility.refresh', 'mobility.setHostToken']);
    assert.deepEqual(inline('host.untrusted'), ['mobility.refresh', 'mobility.trustCertificate']);
    assert.deepEqual(inline('host.certificateChanged'), ['mobility.refresh'], 'a changed certificate is never one click away from trusted');
  });

  it('mobility.hosts describes "tls" and refuses a token in it', () => {
    const tls = manifest.contributes.configuration.properties['mobility.hosts'].items.properties.tls;
    const [flag, object] = tls.anyOf;
    assert.equal(flag.type, 'boolean');
    assert.deepEqual(Object.keys(object.properties).sort(), ['ca', 'cert', 'fingerprint', 'key']);
    assert.equal(object.additionalProperties, false, 'no "token" (or anything else) inside tls');
    assert.deepEqual(object.dependencies, { cert: ['key'], key: ['cert'] });
    assert.match('sha256:AB:cd', new RegExp(object.properties.fingerprint.pattern));
  });

  it('ships only the bundle, the icon, the manifest, README and LICENSE', () => {
    const ignore = fs.readFileSync(path.join(EXTENSION, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^\*\*$/m);
    for (const kept of ['!dist/extension.js', '!media/**', '!package.json', '!README.md', '!LICENSE']) assert.match(ignore, new RegExp(`^${kept.replace(/[.*]/g, '\\$&')}$`, 'm'));
    assert.ok(fs.existsSync(path.join(EXTENSION, 'README.md')) && fs.existsSync(path.join(EXTENSION, 'LICENSE')));
  });

  it('only the thin layer imports vscode; the model never does', () => {
    for (const file of sourceFiles(path.join(EXTENSION, 'src', 'model'))) {
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /from 'vscode'/, path.relative(EXTENSION, file));
    }
  });
});
