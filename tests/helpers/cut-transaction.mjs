// Run by tests/integration/postgres-guard.test.ts in a process of its own (it may crash):
// transactions whose connection the database closes in the middle, through a proxy cut like
// PostgreSQL shutting down, then queries once it is back. `--guard` loads postgres.js mended by
// postgres-guard.js, as the production build bundles it. Prints one line per transaction, then
// "after …".
//
//   node tests/helpers/cut-transaction.mjs postgres://postgres@127.0.0.1:5432/postgres [--guard]
import { register } from 'node:module';

if (process.argv.includes('--guard')) register('../../postgres-guard.js', import.meta.url);
const { default: postgres } = await import('postgres');
const { startProxy } = await import('../drill/lib/proxy.mjs');

const server = new URL(process.argv[2]);
const proxy = await startProxy({ host: server.hostname, port: Number(server.port || 5432) });
server.host = `127.0.0.1:${proxy.port}`;
const sql = postgres(server.toString(), { max: 2, onnotice: () => {}, backoff: () => 0.05 });

for (let i = 0; i < 3; i++) {
	const transaction = sql.begin(async (tx) => {
		await tx`select pg_sleep(0.2)`;
		await tx`select 1`;
	});
	setTimeout(() => proxy.cut('refuse'), 100);
	const outcome = await transaction.then(
		() => 'committed',
		(e) => e.code
	);
	console.log(`transaction ${i}: ${outcome}`);
	proxy.heal();
	await new Promise((r) => setTimeout(r, 100));
}
const after = await Promise.all([
	sql`select 1 as x`,
	sql`select 2 as x`,
	sql.begin((tx) => tx`select 3 as x`)
]);
console.log(`after: ${after.map((rows) => rows[0].x).join(' ')}`);
await sql.end({ timeout: 1 });
await proxy.close();
