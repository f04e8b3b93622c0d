/** `mobilityctl explain CODE`: what an installer, configurator, VSS provider or push-install code means, and what to do. */
import { EXPLANATIONS, FAMILIES, explainCode, isFamily, parseCode, type Family } from '../../contract/explanations';
import { CliError, UsageError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';
import { explanationList, explanationText } from '../explain/explain-view';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

const FAMILY_LIST = FAMILIES.join(', ');

export const explainCommand: Command = {
  name: 'explain',
  summary: 'say what an exit code or push-install error ID means and what to do',
  help: `Usage: mobilityctl explain CODE [--family FAMILY] [--json]
       mobilityctl explain --list [--family FAMILY] [--json]

Prints what a code means and what to do about it: the agent installer's and
the configurator's exit codes, the VSS provider's codes and the error IDs of
a configuration server's push installation. A code several programs use
(such as 0) gets every explanation, the most likely first. Needs no daemon.

Options:
  --family FAMILY  only this family: ${FAMILY_LIST}
  --list           print every known code instead

Exits 1 when no explanation is known for CODE.

Examples:
  mobilityctl explain 99
  mobilityctl explain 95107
  mobilityctl explain 0 --family configurator
  mobilityctl explain --list --family vss

${GLOBAL_OPTIONS_HELP}`,
  options: { family: { type: 'string' }, list: { type: 'boolean' } },

  async run(args, global) {
    const family = parseFamily(args.values.family as string | undefined);
    const list = args.values.list === true;
    const entries = list ? listed(args.positionals, family) : explained(args.positionals, family);
    const text = global.json ? `${JSON.stringify(entries, null, 2)}\n` : list ? explanationList(entries) : explanationText(entries);
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};

function parseFamily(text: string | undefined): Family | undefined {
  if (text === undefined) return undefined;
  if (isFamily(text)) return text;
  throw new UsageError(`--family must be one of ${FAMILY_LIST}, not "${text}"`, 'explain');
}

function listed(positionals: string[], family: Family | undefined) {
  if (positionals.length > 0) throw new UsageError(`--list takes no code, but got: ${positionals.join(' ')}`, 'explain');
  return EXPLANATIONS.filter((e) => family === undefined || e.family === family);
}

function explained(positionals: string[], family: Family | undefined) {
  if (positionals.length !== 1) {
    const got = positionals.length ? `, but got: ${positionals.join(' ')}` : '';
    throw new UsageError(`name one code to explain, e.g. \`mobilityctl explain 99\`${got}`, 'explain');
  }
  const [code] = positionals;
  if (parseCode(code) === undefined) throw new UsageError(`CODE must be a whole number such as 99 or 95107, not "${code}"`, 'explain');
  const entries = explainCode(code, family);
  if (entries.length === 0) {
    const within = family ? ` in the ${family} family` : '';
    throw new CliError(`no explanation for ${code}${within}; \`mobilityctl explain --list\` shows the known codes`, ExitCode.DaemonError);
  }
  return entries;
}
