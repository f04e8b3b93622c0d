/**
 * Access control of every gRPC call (core/access/access-gate.ts decides): a
 * grpc-js server interceptor, one per kind of listener, attached to that
 * listener's credentials (grpc-server.ts), so that it knows whether its calls
 * come over the Unix socket or TCP, and over TLS.
 *
 * It is the one wrapper of a call: the request checks (request-checks.ts:
 * malformed messages, one message per one-message call, capped status
 * messages) run inside it, or alone where access has nothing to check, so a
 * call never pays for two wrappers. Refusals, before any handler runs:
 *  - no, or a bad, credential: UNAUTHENTICATED at the metadata, before any
 *    request byte is read (nothing an unknown caller sends is decoded);
 *  - a known caller without the role: PERMISSION_DENIED once the call's one
 *    request message has arrived, so the audit line can name its target (a
 *    streaming request, UploadPackage, is refused at the metadata);
 *  - TailLog of a log only operators read, by a viewer: PERMISSION_DENIED;
 *  - back-off and the stream limit: RESOURCE_EXHAUSTED.
 * The metadata reaches the handler without its authorization header.
 *
 * Hot path: on the zero-config default (no tokens, no client CA) a call that
 * is neither streamed nor audited gets only the request checks; otherwise a
 * call costs a metadata lookup, the gate (a token lookup) and the same one
 * wrapper.
 */
import {
  experimental,
  Metadata,
  ServerInterceptingCall,
  status,
  type ServerCredentials,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
} from '@grpc/grpc-js';
import { errorCodeOf, GRPC_STATUS } from '../../contract/error-codes';
import type { AccessGate } from '../core/access/access-gate';
import type { Principal } from '../core/access/authenticate';
import { AGENT_CONTROL_SERVICE, requiredRole, type Requirement } from '../core/access/roles';
import type { AppError } from '../core/errors/app-error';
import { capMessage } from '../core/errors/message-cap';
import { GrpcCallerFacts, hostOf, type ListenerKind } from './grpc-caller-facts';
import { REQUEST_TARGETS, RESPONSE_TARGETS, type TargetOf } from './call-targets';
import { MalformedRequest } from './malformed-request';
import { cappedStatus, halfCloseProblem, messageProblem, requestChecks, type RequestCount } from './request-checks';

interface MethodPolicy {
  need: Requirement;
  /** As messages and audit lines name it: "Install"; "service/Method" outside AgentControl. */
  name: string;
  /** Holds a stream slot while it runs (AgentControl's streaming methods). */
  streamed: boolean;
  /** Recorded in the audit log however it ends (an operator's call: it changes the host). */
  audited: boolean;
  /** TailLog: the log named may be one only operators read. */
  checksLog: boolean;
  /** Its request is one message (read before a role refusal, for the target). */
  oneMessage: boolean;
  requestTarget: TargetOf | undefined;
  responseTarget: TargetOf | undefined;
}

/**
 * The listener's credentials with access control: grpc-js runs credential
 * interceptors for every call of the listeners bound (or connections injected)
 * with them, before the server's own (server.js, _streamHandler).
 */
export function withAccessControl(credentials: ServerCredentials, gate: AccessGate, listener: ListenerKind): ServerCredentials {
  return experimental.createServerCredentialsWithInterceptors(credentials, [accessInterceptor(gate, listener)]);
}

export function accessInterceptor(gate: AccessGate, listener: ListenerKind): ServerInterceptor {
  const policies = new Map<string, MethodPolicy>();
  return (method, call) => {
    let policy = policies.get(method.path);
    if (!policy) policies.set(method.path, (policy = policyOf(method)));
    // The call itself, unwrapped (grpc-js chains whatever an interceptor answers): health is open, and on the
    // zero-config default a read that is not a stream has nothing to check (every caller is an operator), count or record.
    if (policy.need === 'open') return requestChecks(method, call);
    if (!gate.credentialsNeeded && !policy.streamed && !policy.audited) return requestChecks(method, call);
    return guardedCall(gate, listener, policy, method, call);
  };
}

function guardedCall(
  gate: AccessGate,
  listener: ListenerKind,
  policy: MethodPolicy,
  method: ServerMethodDefinition<unknown, unknown>,
  call: ServerInterceptingCallInterface,
): ServerInterceptingCall {
  const count: RequestCount = { received: 0 };
  let principal: Principal | undefined;
  let caller = '-';
  let target: string | undefined;
  let release: (() => void) | undefined;
  let finished = false;
  let firstSeen = false;
  /** A known caller's refusal, answered once its request message named the target. */
  let pending: { refusal: AppError; detail: string } | undefined;

  const finish = (code: number, detail?: string) => {
    if (finished) return;
    finished = true;
    release?.();
    if (detail === undefined && !policy.audited) return;
    gate.record({ principal: caller, peer: peerOf(call, listener), transport: 'grpc', method: policy.name, target, code: code === status.OK ? 'ok' : errorCodeOf(code), detail });
  };
  const refuse = (refusal: AppError, detail: string) => {
    const code = GRPC_STATUS[refusal.code];
    finish(code, detail);
    call.sendStatus({ code, details: capMessage(refusal.message), metadata: new Metadata() });
  };

  /** A malformed request (request-checks.ts): answered like any status, audited only where the call is. */
  const invalid = (problem: string) => {
    finish(status.INVALID_ARGUMENT);
    call.sendStatus({ code: status.INVALID_ARGUMENT, details: capMessage(problem), metadata: new Metadata() });
  };

  const onReceiveMetadata = (metadata: Metadata, pass: (metadata: Metadata) => void) => {
    const facts = new GrpcCallerFacts(call, listener, authorizationOf(metadata));
    metadata.remove('authorization'); // no handler ever sees the secret
    const admission = gate.admit(facts, policy.need, policy.name);
    if (admission.refusal) {
      caller = admission.caller;
      if (!admission.principal || !policy.oneMessage) return refuse(admission.refusal, admission.detail);
      pending = admission;
      call.startRead(); // the handler, which would ask for it, never gets the metadata
      return;
    }
    principal = admission.principal;
    caller = principal.id;
    if (policy.streamed) {
      const slot = gate.openStream(principal);
      if (typeof slot !== 'function') return refuse(slot, 'stream limit');
      release = slot;
    }
    pass(metadata);
  };

  const onReceiveMessage = (message: unknown, pass: (message: unknown) => void) => {
    if (finished) return;
    if (!firstSeen) {
      firstSeen = true;
      if (policy.requestTarget && !(message instanceof MalformedRequest)) target = policy.requestTarget(message as never);
      if (pending) return refuse(pending.refusal, pending.detail);
      if (policy.checksLog && principal && target) {
        const denied = gate.checkLog(principal, target);
        if (denied) return refuse(denied, 'needs operator');
      }
    }
    const problem = messageProblem(method, count, message);
    if (problem) return invalid(problem);
    pass(message);
  };

  const onReceiveHalfClose = (pass: () => void) => {
    if (finished) return;
    if (pending) return refuse(pending.refusal, pending.detail);
    const problem = halfCloseProblem(method, count);
    if (problem) return invalid(problem);
    pass();
  };
  const { responseTarget } = policy;
  // Hooks only where the policy needs them (grpc-js passes the others through): a read that is neither streamed
  // nor recorded has no slot to release when cancelled and no answer to take a target from.
  return new ServerInterceptingCall(call, {
    start: (next) =>
      next(
        policy.streamed || policy.audited
          ? { onReceiveMetadata, onReceiveMessage, onReceiveHalfClose, onCancel: () => finish(status.CANCELLED) } // grpc-js tells the next listener itself
          : { onReceiveMetadata, onReceiveMessage, onReceiveHalfClose },
      ),
    sendMessage: responseTarget
      ? (message, next) => {
          target = responseTarget(message as never) ?? target;
          next(message);
        }
      : undefined,
    sendStatus: (sent, next) => {
      finish(sent.code);
      next(cappedStatus(sent));
    },
  });
}

function policyOf(method: ServerMethodDefinition<unknown, unknown>): MethodPolicy {
  const slash = method.path.lastIndexOf('/');
  const service = method.path.slice(1, slash);
  const rpc = method.path.slice(slash + 1);
  const agentControl = service === AGENT_CONTROL_SERVICE;
  const need = requiredRole(service, rpc);
  return {
    need,
    name: agentControl ? rpc : `${service}/${rpc}`,
    streamed: agentControl && (method.requestStream || method.responseStream),
    audited: need === 'operator',
    checksLog: agentControl && rpc === 'TailLog',
    oneMessage: !method.requestStream,
    requestTarget: agentControl ? REQUEST_TARGETS[rpc] : undefined,
    responseTarget: agentControl ? RESPONSE_TARGETS[rpc] : undefined,
  };
}

/** The header's one value; "" (malformed) when it was sent more than once. */
function authorizationOf(metadata: Metadata): string | undefined {
  const values = metadata.get('authorization');
  if (values.length === 0) return undefined;
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : '';
}

/** As the audit line shows it: "127.0.0.1:5000", "[::1]:5000", "unix". */
function peerOf(call: ServerInterceptingCallInterface, listener: ListenerKind): string {
  if (listener.transport === 'unix') return 'unix';
  const peer = call.getPeer();
  const host = hostOf(peer);
  return host.includes(':') ? `[${host}]${peer.slice(host.length)}` : peer;
}
