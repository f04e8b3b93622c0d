/**
 * What the OpenAPI document needs to know about a route beyond the route
 * table (method, path, RPC) and the RPC's descriptor (request and response
 * messages, comment): the shapes of route-docs.ts's entries.
 */
import type { SchemaObject } from './openapi-types';

export type TagName = 'status' | 'logs' | 'jobs' | 'packages' | 'service';

export interface ParameterDoc {
  description: string;
  schema: SchemaObject;
  required?: boolean;
  example?: unknown;
}

export type BodyDoc =
  /** The RPC's request message as protobuf JSON (Content-Type: application/json, at most 64 KiB). */
  | { kind: 'message'; required: boolean; description: string }
  /** A file's raw bytes. */
  | { kind: 'binary'; description: string };

/**
 * A success answer's forms:
 * output-json     the RPC's response message, application/json
 * output-ndjson   the RPC's stream, one response message a line (application/x-ndjson),
 *                 a StreamError line last when it fails after the start
 * output-sse      the RPC's stream as Server-Sent Events (text/event-stream)
 * text            text/plain
 * health          HealthStatus, application/json
 * openapi         this document, application/json
 */
export type ContentKind = 'output-json' | 'output-ndjson' | 'output-sse' | 'text' | 'health' | 'openapi';

export interface SuccessDoc {
  status: number;
  description: string;
  content: ContentKind[];
}

/** The error statuses a route may answer with (bodies: Error). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 411 | 413 | 415 | 416 | 421 | 429 | 431 | 500 | 503 | 507;

export interface RouteDoc {
  /** One line, e.g. "The host's status". */
  summary: string;
  tag: TagName;
  /** What the REST form adds to the RPC's proto comment (formats, headers, statuses). */
  description?: string;
  /** false when the RPC's proto comment describes only its gRPC form (an upload's message stream). */
  rpcComment?: false;
  /** Answered without credentials (no bearerAuth or mutualTLS asked for): /healthz and this document. */
  open?: true;
  /** Every :param of the express path, by name. */
  pathParameters?: Record<string, ParameterDoc>;
  query?: Record<string, ParameterDoc>;
  headers?: Record<string, ParameterDoc>;
  body?: BodyDoc;
  responses: SuccessDoc[];
  /** Error statuses of this route beyond every route's (error-responses.ts), with what they mean here. */
  errors?: Partial<Record<ErrorStatus, string>>;
}
