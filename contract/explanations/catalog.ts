/**
 * The one catalog of explanations and its lookups. mobilityd fills a job's exit status from it,
 * mobilityctl explains codes and failed jobs with it, and the extension shows it in tooltips.
 */
import { CONFIGURATOR_EXPLANATIONS } from './configurator-codes';
import { FAMILIES, type Explanation, type Family } from './explanation';
import { INSTALLER_EXPLANATIONS } from './installer-codes';
import { PUSH_INSTALL_EXPLANATIONS } from './push-install-codes';
import { VSS_EXPLANATIONS } from './vss-codes';

/** Every entry, in family order (installer, configurator, vss, push-install). */
export const EXPLANATIONS: readonly Explanation[] = [
  ...INSTALLER_EXPLANATIONS,
  ...CONFIGURATOR_EXPLANATIONS,
  ...VSS_EXPLANATIONS,
  ...PUSH_INSTALL_EXPLANATIONS,
];

/** "95107" or " 99 " as a number; anything but a plain decimal whole number is no code. */
export function parseCode(code: number | string): number | undefined {
  if (typeof code === 'number') return Number.isSafeInteger(code) ? code : undefined;
  const text = code.trim();
  return /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/**
 * Every explanation of a code, the most likely first (installer before configurator before VSS
 * before push installation); only the given family's when one is named. Empty when none is known.
 */
export function explainCode(code: number | string, family?: Family): Explanation[] {
  const value = parseCode(code);
  if (value === undefined) return [];
  return EXPLANATIONS.filter((e) => e.code === value && (family === undefined || e.family === family)).sort(
    (a, b) => FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family),
  );
}

/**
 * Which family a program's exit code belongs to, from the name a job records ("install",
 * "UnifiedAgent.exe", "UnifiedAgentConfigurator.sh", "InMageVSSProvider_Install.cmd"). Anything
 * else that ships in the agent's package counts as the installer.
 */
export function familyOfProgram(program: string): Family {
  const name = program.toLowerCase();
  if (name.includes('configurator')) return 'configurator';
  if (name.includes('vssprovider')) return 'vss';
  return 'installer';
}

/** The explanation a job records for a program's exit: the catalog's, or one saying the code is not documented. */
export function explainExit(program: string, code: number): Explanation {
  const family = familyOfProgram(program);
  return explainCode(code, family)[0] ?? undocumentedExit(family, code);
}

const LOG_OF: Record<Family, string> = {
  installer: 'installer',
  configurator: 'configurator',
  vss: 'installer',
  'push-install': 'installer',
};

/** A code the public documentation gives no meaning: a failure, and where to look. */
export function undocumentedExit(family: Family, code: number): Explanation {
  const log = LOG_OF[family];
  return {
    code,
    family,
    summary: `failed with exit code ${code} (not a documented ${family} code)`,
    meaning: `Exit code ${code} is not documented publicly for the ${family}; it is treated as a failure.`,
    remedy: `Read the ${log} log (\`mobilityctl logs ${log}\`) for the reason, fix it, then run the job again.`,
    verdict: 'failure',
    documented: false,
  };
}
