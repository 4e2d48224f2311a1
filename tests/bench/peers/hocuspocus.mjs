// The second server of `npm run bench:collab -- --compare`: @hocuspocus/server 3.4.4 (the newest
// that runs on Node 20; 4.x needs Node 22) storing to PostgreSQL through its database extension,
// with Hocuspocus's defaults: the whole document state is stored 2 s after the last change,
// at most 10 s after the first (debounce 2000, maxDebounce 10000), and when the last client
// leaves; a document leaves memory once nobody has it open (unloadImmediately).
//
//   PORT=… DATABASE_URL=postgres://… node tests/bench/peers/hocuspocus.mjs
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import postgres from 'postgres';

const port = Number(process.env.PORT ?? 0);
const sql = postgres(process.env.DATABASE_URL ?? '', { max: 10, onnotice: () => {} });
await sql`create sequence if not exists documents_version`;
await sql`create table if not exists documents (
	name text primary key,
	data bytea not null,
	version bigint not null default nextval('documents_version'),
	stored_at timestamptz not null default clock_timestamp()
)`;
await sql`create index if not exists documents_stored_at_idx on documents (stored_at)`;

const server = new Server({
	port,
	address: '127.0.0.1',
	quiet: true,
	stopOnSignals: true,
	extensions: [
		new Database({
			fetch: async ({ documentName }) => {
				const [row] = await sql`select data from documents where name = ${documentName}`;
				return row ? new Uint8Array(row.data) : null;
			},
			store: async ({ documentName, state }) => {
				await sql`insert into documents (name, data) values (${documentName}, ${state})
					on conflict (name) do update set data = excluded.data,
						version = nextval('documents_version'), stored_at = clock_timestamp()`;
			}
		})
	]
});
await server.listen();
console.log(`listening ${server.address.port}`);
process.once('exit', () => void sql.end({ timeout: 1 }));
