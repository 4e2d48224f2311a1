// `npm run bench:collab`: a load generator for the collaboration server (a benchmark, not a
// test). It starts the production server (`node server.js --demo`) on 127.0.0.1 with a fresh
// database, creates N documents in a demo group, opens M simulated editors on each, which type
// 5 keystrokes a second at random places (5 % deletions) and move their caret twice a second,
// and measures, after a warm-up: propagation latency between editors, keystroke-to-stored
// time (the server's stored acknowledgement), server CPU per update, memory per document and
// bytes written per 1,000 keystrokes. It prints a table and writes JSON.
//
//   npm run bench:collab -- --documents 100 --editors 3 --duration 30 --warmup 10
//   npm run bench:collab -- --database-url postgres://postgres@127.0.0.1:5432/postgres
//
//   npm run bench:collab -- --compare      Maillage, Hocuspocus and the reference y-websocket
//                                          server side by side (lib/compare/run.ts)
//
// Plain Node ESM JavaScript, so that it runs without a TypeScript loader. The pieces (the
// server as a target, the simulated editor, the measures) live in tests/bench/lib/: this
// server alone in solo-*.ts, the comparison in compare/.
import { main } from './lib/cleanup.ts';

const argv = process.argv.slice(2);
await main('bench:collab', async () => {
	if (argv.includes('--compare')) {
		const { runCompare } = await import('./lib/compare/run.ts');
		await runCompare(argv);
	} else {
		const { runSolo } = await import('./lib/solo-run.ts');
		await runSolo(argv);
	}
});
