// The options of `npm run bench:collab` (Maillage alone; --compare has its own, in compare/).
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run bench:collab -- [options]

  --documents N          documents open at once (default 20)
  --editors M            simulated editors per document (default 3)
  --duration S           measurement window, seconds (default 30)
  --warmup S             typing before measuring, seconds (default 10)
  --json PATH            where to write the results, from the project's folder
                         (default bench-results/collab.json)
  --database-url URL     PostgreSQL server on 127.0.0.1 (or DATABASE_URL): a fresh database is
                         created and dropped afterwards; without it, PGlite in a temporary folder
  --keys-per-second K    keystrokes per editor per second (default 5)
  --cursors-per-second C caret moves (awareness updates) per editor per second (default 2)
  --delete-ratio R       share of keystrokes that delete a character (default 0.05)
  --seed S               seed of the random typing (default 1)
  --no-build             do not build, even when the build is older than the sources
  --server-cpu-prof DIR  have the server write a V8 CPU profile (.cpuprofile) into DIR
  --compare              Maillage, Hocuspocus and the reference y-websocket server side by
                         side instead (options: --compare --help)
`;

/**
 * The run's options from the command line; prints the usage and exits on --help or a value out
 * of range.
 */
export function soloOptions(argv: string[]) {
	const { values: args } = parseArgs({
		args: argv,
		options: {
			documents: { type: 'string', default: '20' },
			editors: { type: 'string', default: '3' },
			duration: { type: 'string', default: '30' },
			warmup: { type: 'string', default: '10' },
			json: { type: 'string', default: 'bench-results/collab.json' },
			'database-url': { type: 'string' },
			'keys-per-second': { type: 'string', default: '5' },
			'cursors-per-second': { type: 'string', default: '2' },
			'delete-ratio': { type: 'string', default: '0.05' },
			seed: { type: 'string', default: '1' },
			'no-build': { type: 'boolean', default: false },
			'server-cpu-prof': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (args.help) {
		console.log(USAGE);
		process.exit(0);
	}

	/** The numeric option `name`, within [min, max]; by default it must be above zero. */
	function numberOption(name: string, min = Number.MIN_VALUE, max = Infinity) {
		const value = Number(args[name as keyof typeof args]);
		if (!Number.isFinite(value) || value < min || value > max) {
			console.error(`--${name}: ${args[name as keyof typeof args]} is out of range\n\n${USAGE}`);
			process.exit(2);
		}
		return value;
	}

	const scenario = {
		documents: Math.floor(numberOption('documents', 1)),
		editors: Math.floor(numberOption('editors', 1)),
		warmupS: numberOption('warmup', 0),
		durationS: numberOption('duration'),
		keysPerSecond: numberOption('keys-per-second'),
		cursorsPerSecond: numberOption('cursors-per-second'),
		deleteRatio: numberOption('delete-ratio', 0, 1),
		seed: Math.floor(numberOption('seed', 0))
	};
	const databaseUrl = args['database-url'] || process.env.DATABASE_URL || null;
	return { args, scenario, databaseUrl };
}
