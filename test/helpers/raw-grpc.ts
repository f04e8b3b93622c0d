/**
 * gRPC over node:http2 by hand, for requests no gRPC library would send:
 * garbage bytes, truncated messages and frames, several messages on a
 * one-message call. A frame is the 5-byte prefix (compressed flag, big-endian
 * length) and the message bytes.
 */
import * as http2 from 'node:http2';

export interface RawGrpcAnswer {
  httpStatus?: number;
  /** From the trailers, or the headers of a trailers-only answer; undefined if none came. */
  grpcStatus?: number;
  /** grpc-message, percent-decoded. */
  grpcMessage?: string;
  /** The response body (frames), as received. */
  body: Buffer;
  /** The HTTP/2 RST_STREAM code the stream closed with (0: closed normally). */
  rstCode: number;
}

/** One gRPC frame; `declaredLength` lets a test announce more bytes than it sends. */
export function grpcFrame(message: Uint8Array, declaredLength = message.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, message]);
}

/** Sends `body` as the whole request stream of `path` (e.g. /mobility.v1.AgentControl/GetJob) and reads the answer. */
export function rawGrpcCall(
  address: string,
  path: string,
  body: Buffer,
  headers: http2.OutgoingHttpHeaders = {},
): Promise<RawGrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${address}`);
    session.once('error', reject);
    const request = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    const answer: RawGrpcAnswer = { body: Buffer.alloc(0), rstCode: 0 };
    const readStatus = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) answer.grpcStatus = Number(headers['grpc-status']);
      const message = headers['grpc-message'];
      if (typeof message === 'string') answer.grpcMessage = decodeURIComponent(message);
    };
    const chunks: Buffer[] = [];
    request.on('response', (headers) => {
      answer.httpStatus = Number(headers[':status']);
      readStatus(headers);
    });
    request.on('trailers', readStatus);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('error', () => undefined); // a reset is reported through rstCode
    request.once('close', () => {
      answer.body = Buffer.concat(chunks);
      answer.rstCode = request.rstCode ?? 0;
      session.close();
      resolve(answer);
    });
    request.end(body);
  });
}
