/**
 * The trust list (config trustedPackagesFile; --trusted-packages FILE, config
 * key trustedPackages): sha256 sums in the format `sha256sum` prints, e.g. the
 * sums Microsoft publishes for its installers. With one, the repository
 * accepts only uploads whose sha256 is listed, and Install runs only listed
 * packages, so a file copied into the folder by hand cannot be installed.
 *
 * A package is trusted by its content alone: the name after the sum is for
 * people (Microsoft's names and the repository's may differ). The file is
 * read at start-up (missing or malformed: mobilityd does not start) and again
 * whenever it changes, so editing it needs no restart. Should it go missing or
 * bad while mobilityd runs, nothing is trusted until it is fixed.
 */
import { AppError, failedPrecondition } from '../errors/app-error';
import { cutValue, quoteValue } from '../../../contract/quote-value';
import { ParsedFileCache } from '../files/parsed-file-cache';

/**
 * "<hex>  <name>" (text mode) or "<hex> *<name>" (binary mode); a leading
 * backslash marks a name that sha256sum escaped (it held a backslash or a newline).
 */
const SUM_LINE = /^\\?([0-9a-fA-F]{64}) [ *](.+)$/;

/** The sums listed in a trust file's text (lower-case hex); Error naming the first bad line. */
export function parseTrustList(text: string, file: string): Set<string> {
  const sums = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw; // a file saved on Windows
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = SUM_LINE.exec(line);
    if (!m) {
      throw new Error(
        `the trusted packages file ${file} line ${index + 1} is not a \`sha256sum\` line ("<64 hex digits>  <file name>"): ` +
          `${quoteValue(line)}; write one line per package as \`sha256sum <package file>\` prints it ('#' starts a comment)`,
      );
    }
    sums.add(m[1].toLowerCase());
  });
  return sums;
}

export class TrustList {
  private readonly cache: ParsedFileCache<Set<string>>;

  private constructor(readonly file: string) {
    this.cache = new ParsedFileCache((text) => parseTrustList(text, file), 'the trusted packages file');
  }

  /** Reads the list now: a missing or malformed file is an Error that stops mobilityd's start. */
  static open(file: string): TrustList {
    const list = new TrustList(file);
    list.sums();
    return list;
  }

  /** FAILED_PRECONDITION unless `sha256` is listed (or when the list cannot be read: nothing is trusted then). */
  requireTrusted(name: string, sha256: string): void {
    let sums: Set<string>;
    try {
      sums = this.sums();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw failedPrecondition(`${(err as Error).message}. Until it is fixed no package is accepted or installed`);
    }
    if (sums.has(sha256.toLowerCase())) return;
    throw failedPrecondition(
      `package ${cutValue(name)} (sha256 ${sha256}) is not in the trusted packages list ${this.file}: this mobilityd accepts and installs ` +
        'only packages whose sha256 is listed there; if you trust this package, add its line from `sha256sum` to that file ' +
        '(it is read again when it changes), or use a package that is listed',
    );
  }

  /** The listed sums as the file holds them now; Error when it is missing or malformed. */
  private sums(): Set<string> {
    const snapshot = this.cache.read(this.file);
    if (!snapshot) {
      throw new Error(
        `the trusted packages file ${this.file} does not exist; mobilityd was started with --trusted-packages ` +
          '(config key trustedPackages) naming it: create it, one `sha256sum` line per trusted package',
      );
    }
    return snapshot.value;
  }
}
