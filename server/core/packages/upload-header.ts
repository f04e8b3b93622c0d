/**
 * What an upload declares before its content arrives (name, sha256, size),
 * checked up front so a bad request is refused before a byte is written.
 */
import { AppError, invalidArgument } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';
import { parsePackageName, type PackageName } from './package-name';

export interface UploadHeader {
  name: string;
  sha256: string;
  sizeBytes: number;
}

/** An accepted header: a parsed name, the sha256 in lower case, an exact size. */
export interface CheckedUpload {
  name: PackageName;
  sha256: string;
  sizeBytes: number;
}

/** RESOURCE_EXHAUSTED, as a class of its own so HTTP can answer it as 413 rather than "retry later". */
export class PackageTooLargeError extends AppError {
  constructor(sizeBytes: number, maxBytes: number) {
    super(
      'resource_exhausted',
      `the package is ${sizeBytes} bytes, more than this daemon accepts (${maxBytes} bytes); ` +
        "raise maxPackageBytes in mobilityd's config file to store a bigger one",
    );
  }
}

const SHA256 = /^[0-9a-fA-F]{64}$/;

export function checkUploadHeader(header: UploadHeader, maxBytes: number): CheckedUpload {
  const name = parsePackageName(header.name);
  if (!SHA256.test(header.sha256)) {
    const shown = header.sha256 === '' ? 'is missing' : `${quoteValue(header.sha256)} is not 64 hex digits`;
    throw invalidArgument(`sha256 ${shown}: send the hex sha256 of the whole package (e.g. the first word of \`sha256sum <file>\`)`);
  }
  const size = header.sizeBytes;
  if (!Number.isInteger(size) || size <= 0) {
    throw invalidArgument(`size_bytes must be the package's size in bytes, more than 0 (got ${size})`);
  }
  if (size > maxBytes) throw new PackageTooLargeError(size, maxBytes);
  return { name, sha256: header.sha256.toLowerCase(), sizeBytes: size };
}
