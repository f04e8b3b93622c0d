/**
 * The field an answer exists for (the job of an Install, the package of a
 * DeletePackage), or a ClientError saying mobilityd answered without it. A
 * daemon never does; a proxy or a newer daemon with a bug might, and then the
 * caller gets one clear error instead of an undefined further on.
 */
import { ClientError, type CallContext } from './client-error';

export function requireField<T>(value: T | undefined, what: string, rpc: string, context: CallContext): T {
  if (value !== undefined) return value;
  throw new ClientError(`mobilityd answered ${rpc} without the ${what}`, { ...context, code: 'internal', reason: 'incomplete' });
}
