/**
 * One gRPC request of the corpus, sent as it is, with no client-side checks:
 * a message of the API built from its init (grpc-js and the generated
 * schemas, no AgentControlClient), an upload's messages in order, or raw
 * bytes over HTTP/2 (raw-grpc.ts). Read back: the status, every text a person
 * would see (status message, event messages), and how many answers came first.
 */
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AgentControl, type LogEvent } from '../../../gen/mobility/v1/agent_control_pb';
import { serviceDefinition } from '../../../contract/service-definition';
import { rawGrpcCall } from '../../helpers/raw-grpc';

export type MessageRpc = 'tailLog' | 'install' | 'register' | 'uninstall' | 'getJob' | 'watchJob' | 'cancelJob' | 'listJobs' | 'deletePackage';

export type GrpcRequest =
  | { rpc: MessageRpc; init: Record<string, unknown> }
  | { rpc: 'uploadPackage'; parts: Array<Record<string, unknown>> }
  | { path: string; body: Buffer; headers?: Record<string, string> };

export interface GrpcOutcome {
  /** The gRPC status; undefined when none came (a reset stream). */
  code?: number;
  message: string;
  /** Response messages that arrived before the status. */
  responses: number;
  /** Texts for people in those responses (stream events). */
  texts: string[];
  /** Raw calls only: the HTTP status and the RST_STREAM code. */
  httpStatus?: number;
  rstCode?: number;
}

const DEFINITION = serviceDefinition(AgentControl);
const METHODS = new Map(AgentControl.methods.map((m) => [m.localName, m]));

export function callGrpc(client: grpc.Client, address: string, request: GrpcRequest): Promise<GrpcOutcome> {
  if ('path' in request) return callRaw(address, request);
  if (request.rpc === 'uploadPackage') return callUpload(client, request.parts);
  return callMessage(client, request.rpc, request.init);
}

async function callRaw(address: string, request: { path: string; body: Buffer; headers?: Record<string, string> }): Promise<GrpcOutcome> {
  const answer = await rawGrpcCall(address, request.path, request.body, request.headers);
  const responses = answer.body.length > 0 ? 1 : 0;
  return { code: answer.grpcStatus, message: answer.grpcMessage ?? '', responses, texts: [], httpStatus: answer.httpStatus, rstCode: answer.rstCode };
}

function callMessage(client: grpc.Client, rpc: MessageRpc, init: Record<string, unknown>): Promise<GrpcOutcome> {
  const method = METHODS.get(rpc)!;
  const { path, requestSerialize, responseDeserialize } = DEFINITION[rpc];
  const message = create(method.input, init as never);
  const outcome: GrpcOutcome = { message: '', responses: 0, texts: [] };
  return new Promise((resolve) => {
    let finished = false;
    // A failed stream emits 'error' and then 'end': the first one tells.
    const finish = (err: grpc.ServiceError | null) => {
      if (finished) return;
      finished = true;
      outcome.code = err ? err.code : grpc.status.OK;
      outcome.message = err?.details ?? '';
      resolve(outcome);
    };
    if (method.methodKind === 'unary') {
      client.makeUnaryRequest(path, requestSerialize, responseDeserialize, message, (err, response) => {
        if (response) outcome.responses++;
        finish(err);
      });
      return;
    }
    const call = client.makeServerStreamRequest(path, requestSerialize, responseDeserialize, message);
    call.on('data', (response: { item?: { case?: string; value?: LogEvent } }) => {
      outcome.responses++;
      if (response.item?.case === 'event') outcome.texts.push(response.item.value!.message);
      call.cancel(); // the corpus wants a refusal: an answer that streams is already the failure
    });
    call.on('error', (err: grpc.ServiceError) => finish(err));
    call.on('end', () => finish(null));
  });
}

function callUpload(client: grpc.Client, parts: Array<Record<string, unknown>>): Promise<GrpcOutcome> {
  const method = METHODS.get('uploadPackage')!;
  const { path, requestSerialize, responseDeserialize } = DEFINITION.uploadPackage;
  return new Promise((resolve) => {
    const call = client.makeClientStreamRequest(path, requestSerialize, responseDeserialize, (err, response) => {
      resolve({ code: err ? err.code : grpc.status.OK, message: err?.details ?? '', responses: response ? 1 : 0, texts: [] });
    });
    for (const part of parts) call.write(create(method.input, { part } as never));
    call.end();
  });
}
