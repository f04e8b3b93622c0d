/** The repository's root folder (test/helpers/ stays two levels below it wherever the tests themselves live). */
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
