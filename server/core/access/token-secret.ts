/**
 * The bearer token itself: `mobility_` and 43 base64url characters (32 random
 * bytes). The prefix lets people and secret scanners (GitHub, gitleaks, ...)
 * recognise a leaked token; the rest is all entropy.
 *
 * Only a SHA-256 of the token is ever stored. A plain, unsalted hash is enough
 * here (unlike passwords): 256 random bits cannot be guessed or looked up in a
 * table, so a slow key-derivation function would only spend CPU on every call.
 */
import * as crypto from 'node:crypto';

export const TOKEN_PREFIX = 'mobility_';
const TOKEN_BYTES = 32;
/** Longer than any token this makes; longer input is refused before it is hashed. */
export const TOKEN_MAX_CHARS = 256;

const HASH_PREFIX = 'sha256:';
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function generateToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The stored form: "sha256:" and 64 lower-case hex digits. */
export function hashToken(token: string): string {
  return HASH_PREFIX + Buffer.from(tokenDigest(token), 'binary').toString('hex');
}

/** Node from 20.12 has crypto.hash; earlier 20.x does not. */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/**
 * The hash's 32 bytes as a binary (latin1) string: the form checked on every call, as
 * crypto.hash makes it without a Hash object or a Buffer (under a microsecond,
 * several times cheaper than createHash for a string this short).
 */
export function tokenDigest(token: string): string {
  return oneShotHash ? oneShotHash('sha256', token, 'binary') : crypto.createHash('sha256').update(token, 'utf8').digest('binary');
}

/** A stored "sha256:<hex>" hash (already checked against HASH_PATTERN) in tokenDigest's form. */
export function storedDigest(hash: string): string {
  return Buffer.from(hash.slice(HASH_PREFIX.length), 'hex').toString('binary');
}
