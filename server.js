// Production entry: builds the app when needed, serves it on PORT (default 3000), and shuts
// down cleanly. `node server.js --demo [--reset]` serves the seeded demo network instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import compression from 'compression';

const args = new Set(process.argv.slice(2));
const root = import.meta.dirname;
process.chdir(root);

if (args.has('--demo')) {
	process.env.MAILLAGE_DEMO = '1';
	process.env.DATA_DIR ||= 'data-demo';
	if (args.has('--reset')) {
		if (process.env.DATABASE_URL) {
			console.error('--reset only wipes the embedded database; drop the PostgreSQL one yourself.');
			process.exit(1);
		}
		rmSync(resolve(process.env.DATA_DIR), { recursive: true, force: true });
		console.log(`Demo data reset (${process.env.DATA_DIR}).`);
	}
}

/** The newest modification time under `path`, so a stale build is rebuilt. */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(max, name) => Math.max(max, newest(join(path, name))),
		stat.mtimeMs
	);
}

const handlerPath = join(root, 'build', 'handler.js');
const sources = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'];
const builtAt = existsSync(handlerPath) ? statSync(handlerPath).mtimeMs : 0;
if (
	process.env.MAILLAGE_SKIP_BUILD !== '1' &&
	sources.some((p) => newest(join(root, p)) > builtAt)
) {
	console.log('Building Maillage…');
	const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', cwd: root });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

// adapter-node assumes HTTPS when it is told neither ORIGIN nor a protocol header, which breaks
// logins on plain http://localhost. Served directly, the connection itself says which it is.
const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (ownProtocolHeader) process.env.PROTOCOL_HEADER = 'x-maillage-protocol';

// A profile photo may weigh 5 MB (MAX_PHOTO_BYTES in src/lib/avatars.ts): adapter-node's default
// body limit (512 KB) would refuse it. Above this one, the photo form still says "too large".
process.env.BODY_SIZE_LIMIT ||= '6M';

// Importing the handler runs the app's init hook: the database opens and migrates here.
const { handler } = await import(handlerPath);

/**
 * Pages, their data, CSV and exports leave compressed (br, else gzip) when the client accepts it
 * and they weigh over 1 KiB; the built assets are served already compressed (adapter-node's
 * .br/.gz files). Not the live events: each must reach the page as it is sent. A response that
 * says `Cache-Control: no-transform` (a page showing a secret) is left alone. COMPRESSION=off
 * leaves it all to a reverse proxy (docs/deploy.md).
 */
const compress =
	process.env.COMPRESSION === 'off'
		? null
		: compression({
				threshold: 1024,
				filter: (req, res) =>
					!String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') &&
					compression.filter(req, res)
			});

/** @type {import('node:http').RequestListener} */
function serve(req, res) {
	// Every response, the built assets under /_app/ too (served before the app's hooks run).
	res.setHeader('X-Content-Type-Options', 'nosniff');
	if (ownProtocolHeader) {
		req.headers['x-maillage-protocol'] = 'encrypted' in req.socket ? 'https' : 'http';
	}
	// Uploads stream to the file store, past the body limit of pages and forms: the app's init
	// hook provides their handler, which checks the session and the rights itself.
	const upload = globalThis.__maillageUpload;
	if (upload && req.url?.split('?')[0] === '/televersement') {
		upload(req, res).catch((e) => {
			console.error('[files] upload failed', e);
			if (!res.headersSent) res.writeHead(500).end();
			else res.destroy();
		});
		return;
	}
	if (compress) compress(req, res, () => handler(req, res));
	else handler(req, res);
}

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const server = createServer(serve);

// Collaboration sockets (/collab/<documentId>) share the port; the app's init hook provides the
// handler, which authorises each upgrade before accepting it.
server.on('upgrade', (req, socket, head) => {
	const upgrade = globalThis.__maillageUpgrade;
	if (upgrade && req.url?.startsWith('/collab/')) {
		upgrade(req, socket, head);
	} else {
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
	}
});

server.listen(port, host, () => {
	const address = server.address();
	const shown = typeof address === 'object' && address ? address.port : port;
	console.log(`Maillage listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${shown}`);
});

let stopping = false;
function shutdown(reason) {
	if (stopping) return;
	stopping = true;
	server.close();
	server.closeIdleConnections();
	// The app closes the collaboration sockets itself, after which it writes what is pending.
	// adapter-node's own entry emits this; ours must too, so the app closes its database.
	process.emit('sveltekit:shutdown', reason);
	setTimeout(() => server.closeAllConnections(), 5_000).unref();
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
