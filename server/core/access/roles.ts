/**
 * Who may call what. Two roles, ordered: a viewer reads (status, logs, jobs,
 * packages, reflection); an operator also changes the host (install, register,
 * cancel, upload, delete). Health is open to anyone, so load balancers and
 * probes need no credential.
 *
 * Every AgentControl method and every REST route has an explicit entry (a
 * test checks the generated descriptor and the route table against this
 * table), and anything not listed needs an operator: a new RPC is assumed to
 * change the host until someone decides otherwise. REST routes are looked up
 * under AgentControl by the RPC they mirror (route-table.ts).
 */

export type Role = 'viewer' | 'operator';

/** From least to most allowed. */
export const ROLES: readonly Role[] = ['viewer', 'operator'];

export type Requirement = Role | 'open';

/** AgentControl's full name (AgentControl.typeName in gen/mobility/v1/agent_control_pb.ts). */
export const AGENT_CONTROL_SERVICE = 'mobility.v1.AgentControl';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

const REFLECTION: Readonly<Record<string, Requirement>> = { ServerReflectionInfo: 'viewer' };

/** Health: "Health" is REST's GET /healthz (route-table.ts), the mirror of Check. */
const HEALTH: Readonly<Record<string, Requirement>> = { Check: 'open', Watch: 'open', List: 'open', Health: 'open' };

/** By service full name, then descriptor method name. */
export const ROLE_TABLE: Readonly<Record<string, Readonly<Record<string, Requirement>>>> = {
  [AGENT_CONTROL_SERVICE]: {
    GetStatus: 'viewer',
    TailLog: 'viewer',
    GetJob: 'viewer',
    ListJobs: 'viewer',
    WatchJob: 'viewer',
    ListPackages: 'viewer',
    Install: 'operator',
    Register: 'operator',
    CancelJob: 'operator',
    UploadPackage: 'operator',
    DeletePackage: 'operator',
    Uninstall: 'operator',
    // REST's own routes, looked up here by their route-table name like the mirrors of RPCs:
    // GET /healthz (grpc.health.v1's twin), and GET /v1/openapi.json, open because the
    // document is the same for every mobilityd of a version and ships with the release
    // (tools such as API explorers fetch it before they hold any credential).
    Health: 'open',
    OpenAPI: 'open',
  },
  'grpc.reflection.v1.ServerReflection': REFLECTION,
  'grpc.reflection.v1alpha.ServerReflection': REFLECTION,
  [HEALTH_SERVICE]: HEALTH,
};

/** The least a caller needs for `service`/`rpc`; operator for anything the table does not name. */
export function requiredRole(service: string, rpc: string): Requirement {
  const methods = Object.hasOwn(ROLE_TABLE, service) ? ROLE_TABLE[service] : undefined;
  return methods && Object.hasOwn(methods, rpc) ? methods[rpc] : 'operator';
}

export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The role named exactly (lower case), or undefined. */
export function parseRole(text: string): Role | undefined {
  return (ROLES as readonly string[]).includes(text) ? (text as Role) : undefined;
}
