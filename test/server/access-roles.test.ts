import { strict as assert } from 'node:assert';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { AGENT_CONTROL_SERVICE, HEALTH_SERVICE, parseRole, requiredRole, roleAllows, ROLE_TABLE, ROLES } from '../../server/core/access/roles';
import { ROUTES } from '../../server/rest/route-table';

const READS = ['GetStatus', 'TailLog', 'GetJob', 'ListJobs', 'WatchJob', 'ListPackages'];
const CHANGES = ['Install', 'Register', 'CancelJob', 'UploadPackage', 'DeletePackage', 'Uninstall'];

describe('roles', () => {
  it('names AgentControl as its generated descriptor does', () => {
    assert.equal(AGENT_CONTROL_SERVICE, AgentControl.typeName);
  });

  it('decides every AgentControl RPC explicitly, so a new RPC cannot slip in without a decision', () => {
    const table = ROLE_TABLE[AGENT_CONTROL_SERVICE];
    const undecided = AgentControl.methods.map((m) => m.name).filter((name) => !Object.hasOwn(table, name));
    assert.deepEqual(undecided, [], `add these AgentControl RPCs to ROLE_TABLE in server/core/access/roles.ts: ${undecided.join(', ')}`);
    assert.deepEqual([...READS, ...CHANGES].sort(), AgentControl.methods.map((m) => m.name).sort());
  });

  it('decides every REST route explicitly', () => {
    const table = ROLE_TABLE[AGENT_CONTROL_SERVICE];
    const undecided = ROUTES.filter((route) => !Object.hasOwn(table, route.rpc)).map((route) => `${route.method.toUpperCase()} ${route.path} (${route.rpc})`);
    assert.deepEqual(undecided, [], `add these REST routes' rpc to ROLE_TABLE in server/core/access/roles.ts: ${undecided.join(', ')}`);
  });

  it('lets a viewer read and only an operator change the host', () => {
    for (const rpc of READS) assert.equal(requiredRole(AGENT_CONTROL_SERVICE, rpc), 'viewer', rpc);
    for (const rpc of CHANGES) assert.equal(requiredRole(AGENT_CONTROL_SERVICE, rpc), 'operator', rpc);
    const matrix = ROLES.map((have) => [have, ...[...READS, ...CHANGES].map((rpc) => roleAllows(have, requiredRole(AGENT_CONTROL_SERVICE, rpc) as 'viewer' | 'operator'))]);
    assert.deepEqual(matrix, [
      ['viewer', true, true, true, true, true, true, false, false, false, false, false, false],
      ['operator', true, true, true, true, true, true, true, true, true, true, true, true],
    ]);
  });

  it('lets a viewer use reflection (v1 and v1alpha) and anyone check health', () => {
    assert.equal(requiredRole('grpc.reflection.v1.ServerReflection', 'ServerReflectionInfo'), 'viewer');
    assert.equal(requiredRole('grpc.reflection.v1alpha.ServerReflection', 'ServerReflectionInfo'), 'viewer');
    for (const rpc of ['Check', 'Watch']) assert.equal(requiredRole(HEALTH_SERVICE, rpc), 'open', rpc);
    assert.equal(requiredRole(AGENT_CONTROL_SERVICE, 'Health'), 'open', 'GET /healthz');
  });

  it('asks for an operator for any call it does not know', () => {
    assert.equal(requiredRole(AGENT_CONTROL_SERVICE, 'WipeHost'), 'operator');
    assert.equal(requiredRole('mobility.v2.AgentControl', 'GetStatus'), 'operator');
    assert.equal(requiredRole(HEALTH_SERVICE, 'SetServing'), 'operator');
    assert.equal(requiredRole(AGENT_CONTROL_SERVICE, 'constructor'), 'operator', 'no inherited object property counts as an entry');
    assert.equal(requiredRole('toString', 'call'), 'operator');
  });

  it('orders the roles: an operator may do what a viewer may, not the reverse', () => {
    assert.equal(roleAllows('viewer', 'viewer'), true);
    assert.equal(roleAllows('operator', 'viewer'), true);
    assert.equal(roleAllows('operator', 'operator'), true);
    assert.equal(roleAllows('viewer', 'operator'), false);
  });

  it('reads a role only by its exact name', () => {
    assert.equal(parseRole('viewer'), 'viewer');
    assert.equal(parseRole('operator'), 'operator');
    for (const text of ['Operator', 'admin', '', ' viewer', 'open']) assert.equal(parseRole(text), undefined, text);
  });
});
