/**
 * The content check of an upload, run on its verified temp file before it
 * gets its name: the repository holds only files a job can run. A Linux
 * package (.tar.gz) is checked by linux-package-content.ts, a Windows one
 * (.exe) by windows-package-content.ts; the refusal says what is wrong.
 */
import { invalidArgument, type AppError } from '../errors/app-error';
import { cutValue } from '../../../contract/quote-value';
import { linuxPackageProblem } from './linux-package-content';
import type { PackageName } from './package-name';
import { windowsPackageProblem } from './windows-package-content';

const WHAT_A_PACKAGE_IS = {
  'tar.gz':
    'a Linux package is a gzip-compressed tar with an executable `install` at its top level and `UnifiedAgentConfigurator.sh` ' +
    '(docs/installer-contract.md, "Package content")',
  exe: 'a Windows package is a PE executable (the self-extracting installer)',
} as const;

/** Resolves when `file` holds what a package named `name` must; else INVALID_ARGUMENT saying what is wrong. */
export async function checkPackageContent(file: string, name: PackageName): Promise<void> {
  const problem = name.extension === 'exe' ? await windowsPackageProblem(file) : await linuxPackageProblem(file);
  if (problem) throw notAPackage(name, problem);
}

function notAPackage(name: PackageName, problem: string): AppError {
  return invalidArgument(
    `the content of ${cutValue(name.name)} is not an agent installer package: ${problem}; nothing was stored ` +
      `(${WHAT_A_PACKAGE_IS[name.extension]})`,
  );
}
