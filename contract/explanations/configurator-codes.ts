/** Exit codes of UnifiedAgentConfigurator (.exe on Windows, .sh on Linux), which registers the agent. */
import type { Explanation } from './explanation';

export const CONFIGURATOR_EXPLANATIONS: readonly Explanation[] = [
  {
    code: 0,
    family: 'configurator',
    summary: 'success',
    meaning: 'The agent is registered with the configuration server.',
    remedy: 'Nothing to do; the machine can now be protected from the configuration server or the Azure portal.',
    verdict: 'success',
    documented: true,
  },
  {
    code: 14,
    family: 'configurator',
    summary: 'the configuration server rejected the passphrase',
    meaning: 'The configurator reached the configuration server, but the server did not accept the passphrase it was given.',
    remedy:
      'Get the current passphrase on the configuration server (`genpassphrase.exe -v > MobSvc.passphrase`), then run `mobilityctl register` again with that file as --passphrase-file.',
    verdict: 'failure',
    documented: true,
  },
];
