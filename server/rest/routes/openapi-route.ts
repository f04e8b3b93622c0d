/**
 * GET /v1/openapi.json — the REST API's OpenAPI 3.1 document, exactly as
 * generated at build time (scripts/generate-openapi.ts writes it to gen/openapi/).
 */
import type { Request, Response } from 'express';

export function openApiRoute() {
  // A require() with a literal path, not a file read: esbuild inlines the document into
  // dist/mobilityd.cjs, which runs without the source tree. Inside the factory, not at the
  // top: the generator imports the route table, and `buf generate` has just emptied gen/.
  // Serialised once, when the app is built: it never changes while the daemon runs.
  const body = JSON.stringify(require('../../../gen/openapi/mobility-rest.openapi.json'));
  return (_req: Request, res: Response): void => {
    res.type('application/json').send(body);
  };
}
