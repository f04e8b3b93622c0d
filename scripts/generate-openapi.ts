/**
 * Writes the REST API's OpenAPI document, generated from the route table and
 * the proto descriptors (server/rest/openapi/), to gen/openapi/ (committed,
 * never edited by hand; `npm run check:gen` fails when it is stale).
 *
 *   node --import tsx scripts/generate-openapi.ts [--out FILE]
 *
 * --out writes elsewhere (check-gen.sh compares a fresh copy with the committed one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiDocument, OPENAPI_FILE, openApiFileText } from './openapi/generate-document';

function outputFile(args: string[]): string {
  if (args.length === 0) return path.join(__dirname, '..', OPENAPI_FILE);
  if (args.length === 2 && args[0] === '--out' && args[1] !== '') return path.resolve(args[1]);
  throw new Error(`usage: node --import tsx scripts/generate-openapi.ts [--out FILE], not: ${args.join(' ')}`);
}

try {
  const file = outputFile(process.argv.slice(2));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, openApiFileText(generateOpenApiDocument()));
  const shown = path.relative(process.cwd(), file);
  console.log(`wrote ${shown.startsWith('..') ? file : shown}`);
} catch (err) {
  console.error(`generate-openapi: ${(err as Error).message}`);
  process.exit(1);
}
