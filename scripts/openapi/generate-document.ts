/**
 * The OpenAPI document as `npm run generate` writes it: the route table and the
 * AgentControl descriptors of gen/, with the comments of proto/ read through
 * `buf build` (the generated descriptors carry none). Shared by
 * scripts/generate-openapi.ts and the tests that compare it with what the
 * daemon serves.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { openApiDocument } from '../../server/rest/openapi/openapi-document';
import type { OpenApiDocument } from '../../server/rest/openapi/openapi-types';
import { protoComments } from '../../server/rest/openapi/proto-comments';
import { ROUTES } from '../../server/rest/route-table';

const REPO_ROOT = path.join(__dirname, '..', '..');
const PROTO_FILE = 'proto/mobility/v1/agent_control.proto';

/** Where the document is committed, relative to the repository. */
export const OPENAPI_FILE = 'gen/openapi/mobility-rest.openapi.json';

export function generateOpenApiDocument(): OpenApiDocument {
  return openApiDocument({ routes: ROUTES, service: AgentControl, comments: protoComments(protoImage()) });
}

/** The file's exact text: stable key order, two-space indents, a final newline (diffs stay readable). */
export function openApiFileText(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The proto file as a FileDescriptorSet with source info (comments), by the buf of node_modules. */
function protoImage(): Uint8Array {
  const buf = path.join(REPO_ROOT, 'node_modules', '@bufbuild', 'buf', 'bin', 'buf');
  try {
    return execFileSync(process.execPath, [buf, 'build', '--path', PROTO_FILE, '--exclude-imports', '--output', '-'], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`buf build ${PROTO_FILE} failed${stderr ? `: ${stderr}` : ` (${(err as Error).message})`}; run npm ci if buf is missing`);
  }
}
