/**
 * Access control of every REST route (core/access/access-gate.ts decides), the
 * middleware in front of each route's handler, after the Host and Origin
 * guards. The route's RPC (route-table.ts) gives the role it needs from the
 * same table as gRPC (roles.ts); /healthz and /v1/openapi.json are open.
 *
 * Refusals are the usual error bodies ({"code":"unauthenticated","message"}):
 * 401 with WWW-Authenticate: Bearer realm="mobilityd" (RFC 6750; with
 * error="invalid_token" when a token was sent and was refused), 403 for a role
 * the caller lacks (TailLog of the audit log by a viewer included), 429 with
 * Retry-After during back-off, 429 at the stream limit. A refusal comes before
 * any body is read: an upload refused is never stored, and a client waiting
 * for 100 Continue is not told to send.
 *
 * The authorization header is removed from the request once read: no route
 * ever sees the secret.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TLSSocket } from 'node:tls';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import type { AccessGate } from '../core/access/access-gate';
import { AuthRefusal, type CallerFacts } from '../core/access/authenticate';
import { BackoffRefusal } from '../core/access/limit-refusals';
import { AGENT_CONTROL_SERVICE, requiredRole, type Requirement } from '../core/access/roles';
import type { AppError } from '../core/errors/app-error';
import { certificateIdentity } from '../tls/certificate-identity';
import { answeredErrorCode } from './answered-code';
import type { RouteSpec } from './route-table';
import { isUnixConnection } from './unix-connections';

/** Install and Register: the audit line names the job the answer created. */
const CREATES_JOB = new Set(['Install', 'Register']);

const STREAMING_RPCS = new Set(AgentControl.methods.filter((method) => method.methodKind !== 'unary').map((method) => method.name));

interface RoutePolicy {
  need: Requirement;
  streamed: boolean;
  audited: boolean;
  checksLog: boolean;
  createsJob: boolean;
}

export function accessGuard(route: RouteSpec, gate: AccessGate): RequestHandler {
  const need = requiredRole(AGENT_CONTROL_SERVICE, route.rpc); // roles.ts decides every route, Health and OpenAPI (open) included
  const policy: RoutePolicy = {
    need,
    streamed: STREAMING_RPCS.has(route.rpc),
    audited: need === 'operator',
    checksLog: route.rpc === 'TailLog',
    createsJob: CREATES_JOB.has(route.rpc),
  };
  if (need === 'open') return (_req, _res, next) => next();
  return (req: Request, res: Response, next: NextFunction): void => {
    // The zero-config default: every caller is an operator, and this route is neither counted nor recorded.
    if (!gate.credentialsNeeded && !policy.streamed && !policy.audited) return next();
    guard(gate, route.rpc, policy, req, res);
    next();
  };
}

/** Returns when the request may go on; throws the refusal (the error handler answers it). */
function guard(gate: AccessGate, rpc: string, policy: RoutePolicy, req: Request, res: Response): void {
  const socket = req.socket as TLSSocket;
  const unix = isUnixConnection(socket);
  // Now: a closed socket no longer knows its peer, and the audit line may be written after the close.
  const peer = unix ? 'unix' : peerOf(socket.remoteAddress, socket.remotePort);
  const named = req.params.id ?? req.params.name; // express 5 types a param as string | string[] (wildcards)
  const target = typeof named === 'string' ? named : undefined;
  const facts: CallerFacts = {
    transport: unix ? 'unix' : 'tcp',
    tls: socket.encrypted === true,
    peerHost: unix ? 'unix' : (socket.remoteAddress ?? ''),
    authorization: req.headers.authorization,
    readCertificate: () => (socket.authorized ? certificateIdentity(socket.getPeerCertificate()) : undefined),
  };
  delete req.headers.authorization;

  const refuse = (refusal: AppError, caller: string, detail: string): never => {
    gate.record({ principal: caller, peer, transport: 'rest', method: rpc, target, code: refusal.code, detail });
    if (refusal instanceof AuthRefusal && refusal.code === 'unauthenticated') {
      res.setHeader('WWW-Authenticate', refusal.reason === 'missing' ? 'Bearer realm="mobilityd"' : 'Bearer realm="mobilityd", error="invalid_token"');
    }
    if (refusal instanceof BackoffRefusal) res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
    throw refusal;
  };

  const admission = gate.admit(facts, policy.need, rpc);
  if (admission.refusal) return refuse(admission.refusal, admission.caller, admission.detail);
  const { principal } = admission;
  if (policy.checksLog && target) {
    const denied = gate.checkLog(principal, target);
    if (denied) return refuse(denied, principal.id, 'needs operator');
  }
  let release: (() => void) | undefined;
  if (policy.streamed) {
    const slot = gate.openStream(principal);
    if (typeof slot !== 'function') return refuse(slot, principal.id, 'stream limit');
    release = slot;
  }
  if (!release && !policy.audited) return;

  let jobId: string | undefined;
  if (policy.createsJob) {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      jobId = (body as { job?: { id?: unknown } } | undefined)?.job?.id as string | undefined;
      return json(body);
    };
  }
  // 'close' comes however the exchange ends: answered, or the client gone.
  res.once('close', () => {
    release?.();
    if (!policy.audited) return;
    const code = res.writableFinished ? (answeredErrorCode(res) ?? (res.statusCode < 400 ? 'ok' : 'unknown')) : 'cancelled';
    gate.record({ principal: principal.id, peer, transport: 'rest', method: rpc, target: jobId ?? target, code });
  });
}

/** "127.0.0.1:5000", "[::1]:5000". */
function peerOf(address: string | undefined, port: number | undefined): string {
  if (address === undefined) return 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}:${port ?? ''}`;
}
