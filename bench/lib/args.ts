/** The bench's command line: `--only a,b` picks benchmarks, `--quick` shrinks sizes for a smoke run. */

export const BENCH_NAMES = ['rss', 'backfill', 'follow', 'many', 'status', 'tls', 'tree'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

const ALIASES: Record<string, BenchName> = {
  rss: 'rss',
  'daemon-rss': 'rss',
  memory: 'rss',
  backfill: 'backfill',
  follow: 'follow',
  'follow-latency': 'follow',
  latency: 'follow',
  many: 'many',
  'many-followers': 'many',
  followers: 'many',
  status: 'status',
  'status-rate': 'status',
  tls: 'tls',
  mtls: 'tls',
  security: 'tls',
  tree: 'tree',
  extension: 'tree',
};

export const BENCH_USAGE = `Usage: npm run bench -- [--only NAMES] [--quick] [--daemon FILE] [--out FILE]

  --only NAMES   comma-separated subset of: ${BENCH_NAMES.join(', ')}
                 (aliases: daemon-rss, follow-latency, many-followers, status-rate, mtls)
  --quick        smaller sizes and shorter phases, for a smoke run
  --daemon FILE  the daemon bundle to run (default dist/mobilityd.cjs)
  --out FILE     where to write the JSON results (default bench/results/latest.json)
  -h, --help     print this help
`;

export class BenchUsageError extends Error {}

export interface BenchArgs {
  only: Set<BenchName>;
  quick: boolean;
  daemon?: string;
  out?: string;
  help: boolean;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { only: new Set(BENCH_NAMES), quick: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new BenchUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--only': {
        const names = value()
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean);
        args.only = new Set();
        for (const name of names) {
          const bench = ALIASES[name];
          if (!bench) throw new BenchUsageError(`unknown benchmark "${name}"; choose from ${BENCH_NAMES.join(', ')}`);
          args.only.add(bench);
        }
        if (args.only.size === 0) throw new BenchUsageError('--only needs at least one benchmark name');
        break;
      }
      case '--quick':
        args.quick = true;
        break;
      case '--daemon':
        args.daemon = value();
        break;
      case '--out':
        args.out = value();
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new BenchUsageError(`unknown option "${arg}"`);
    }
  }
  return args;
}
