/**
 * The body of a JSON route (POST /v1/install, /v1/register, /v1/jobs/:id/cancel)
 * as a message of the API.
 *
 * Content-Type must be application/json (charset, if given, utf-8): 415
 * otherwise, with or without a body. A browser sends text/plain, form and
 * multipart bodies, and bodiless POSTs, cross-site without asking the server
 * first ("simple" requests); application/json it sends only after a CORS
 * preflight, which this daemon answers only for configured origins.
 *
 * At most MAX_JSON_BODY_BYTES: 413 at once from the Content-Length, or as soon
 * as a chunked body grows past it (the answer reaches a client that is still
 * writing: unread-body.ts).
 *
 * Errors never quote the body: it may carry the passphrase.
 */
import { fromJson, type DescMessage, type JsonValue, type MessageShape } from '@bufbuild/protobuf';
import type { Request, Response } from 'express';
import { invalidArgument } from '../core/errors/app-error';
import { cutValue, quoteValue } from '../../contract/quote-value';
import { continueIfAwaited } from './expect-continue';
import { HttpRefusal } from './http-refusal';

export const MAX_JSON_BODY_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*(?:utf-8|"utf-8")\s*)?$/i;

/** The body as a message of `schema` (an empty body is the empty message). */
export async function readJsonMessage<Desc extends DescMessage>(req: Request, res: Response, schema: Desc): Promise<MessageShape<Desc>> {
  checkJsonContentType(req);
  checkDeclaredLength(req, schema);
  continueIfAwaited(req, res);
  const text = (await readLimitedBody(req, schema)).toString('utf8');
  let json: JsonValue;
  try {
    json = text.trim() === '' ? {} : (JSON.parse(text) as JsonValue);
  } catch {
    throw invalidArgument(`the request body is not valid JSON; send the protobuf JSON of ${schema.typeName}`);
  }
  try {
    return fromJson(schema, json);
  } catch (err) {
    throw invalidArgument(`the request body is not a valid ${schema.typeName} in protobuf JSON: ${decodeProblem(err, schema)}`);
  }
}

/**
 * protobuf-es names the field, then quotes the value after "from JSON:"; only
 * the field is kept, since the value may be a passphrase. An unknown key is
 * named too (quoted, cut): a key is the client's spelling, never a secret.
 */
function decodeProblem(err: unknown, schema: DescMessage): string {
  const text = (err as Error)?.message ?? '';
  const where = /^cannot decode (.*?) from JSON/.exec(text)?.[1] ?? `message ${schema.typeName}`;
  const unknownKey = /^cannot decode message \S+ from JSON: key "([^]*)" is unknown$/.exec(text)?.[1];
  if (unknownKey === undefined) return `cannot decode ${where}`;
  return `cannot decode ${where}: unknown field ${quoteValue(unknownKey)}`;
}

export function checkJsonContentType(req: Request): void {
  const given = req.get('content-type');
  if (given !== undefined && JSON_TYPE.test(given.trim())) return;
  const route = `${req.method} ${cutValue(req.path)}`; // the path is the client's: cut short
  const fix = "e.g. curl -H 'Content-Type: application/json' -d '{...}'";
  if (given === undefined) {
    throw new HttpRefusal(415, 'invalid_argument', `${route} takes Content-Type: application/json (even with no body), and none was sent; ${fix}`);
  }
  const type = given.split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    throw new HttpRefusal(415, 'invalid_argument', `${route} takes Content-Type: application/json in utf-8 (charset=utf-8 or none), not ${quoteValue(given)}`);
  }
  const shown = /^[\w.+-]+\/[\w.+-]+$/.test(type) ? cutValue(type) : quoteValue(given);
  throw new HttpRefusal(415, 'invalid_argument', `${route} takes Content-Type: application/json, not ${shown}; ${fix}`);
}

function tooLarge(schema: DescMessage, size?: number): HttpRefusal {
  const what = size === undefined ? 'the request body is' : `the request body (${size} bytes) is`;
  return new HttpRefusal(
    413,
    'resource_exhausted',
    `${what} larger than ${MAX_JSON_BODY_BYTES} bytes, the most a JSON request takes; send the protobuf JSON of ${schema.typeName}`,
  );
}

function checkDeclaredLength(req: Request, schema: DescMessage): void {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge(schema, declared);
}

/**
 * Reads the body up to the limit. Never destroys the request (a for-await loop
 * left early would, and the socket with it): past the limit it stops keeping
 * chunks and lets the error answer discard the rest.
 */
function readLimitedBody(req: Request, schema: DescMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) settle(() => reject(tooLarge(schema)));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onClose = () => settle(() => reject(new Error('the client closed the connection before its request body ended')));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
  });
}
