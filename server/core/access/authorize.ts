/**
 * May this principal do this? The role check, with a refusal that names who
 * the caller is, the role it has and the role the operation needs:
 *   "token ci is a viewer; Install needs operator"
 */
import { AppError } from '../errors/app-error';
import type { Principal } from './authenticate';
import { roleAllows, type Requirement } from './roles';

/**
 * undefined when allowed, else PERMISSION_DENIED. `what` names the operation as
 * the caller knows it: "Install", "TailLog of the audit log".
 */
export function authorize(principal: Principal, need: Requirement, what: string): AppError | undefined {
  if (need === 'open' || roleAllows(principal.role, need)) return undefined;
  return new AppError('permission_denied', `${describePrincipal(principal)} is ${withArticle(principal.role)}; ${what} needs ${need}${remedy(principal)}`);
}

/** The caller as messages name it: "token ci", "certificate alice", "the Unix socket caller". */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'token':
      return `token ${principal.name}`;
    case 'certificate':
      return `certificate ${principal.name}`;
    case 'unix':
      return 'the Unix socket caller';
    case 'local':
      return 'the local caller';
    default:
      return 'the anonymous caller';
  }
}

function withArticle(role: string): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

function remedy(principal: Principal): string {
  const token = 'an administrator makes an operator token with `mobilityd token create --tokens FILE --name NAME --role operator` on the host';
  if (principal.kind === 'certificate') return ` (a certificate with OU=viewer is a viewer); use one without it, or an operator token: ${token}`;
  return `; ${token}`;
}
