// `npm run bench:files`: files on the production server, on the demo network (PGlite in a
// temporary folder, or a scratch PostgreSQL database with --database-url) — a large file's
// upload and download beside curl copying the same bytes to and from a server that does nothing
// else on this machine (the floor), the server's memory while it receives it, a folder of 1,000
// files opened by many people at once beside the logged-in floor page, and the time to make an
// image's two previews. A benchmark, not a test.
//
//   npm run bench:files
//   npm run bench:files -- --size-mb 200 --connections 50 --duration 10
//   npm run bench:files -- --database-url postgres://postgres@127.0.0.1:5432/postgres
//   npm run bench:files -- --s3    (files in an S3 bucket: s3rver, started here)
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import sharp from 'sharp';
import { ensureBuild } from '../support/build.ts';
import { createDatabase } from '../support/database.ts';
import { login } from '../support/logins.ts';
import { startS3 } from '../helpers/s3.ts';
import { startServer } from '../support/server.ts';
import { cleanups, main } from './lib/cleanup.ts';
import { loadPage } from './lib/http-measure.ts';
import { formatTable, memory, round } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
	options: {
		'database-url': { type: 'string' },
		'size-mb': { type: 'string', default: '200' },
		files: { type: 'string', default: '1000' },
		connections: { type: 'string', default: '50' },
		duration: { type: 'string', default: '10' },
		s3: { type: 'boolean', default: false },
		json: { type: 'string', default: 'bench-results/files.json' }
	}
});
const sizeMb = Number(args['size-mb']);
const MB = 1024 * 1024;

// Run without blocking: the floor server answers from this very process.
const run = promisify(execFile);

/** curl's own figures for one transfer: bytes a second. */
async function curl(parameters: string[]): Promise<number> {
	const { stdout: out } = await run(
		'curl',
		[
			'-s',
			'-o',
			'/dev/null',
			'-w',
			'%{speed_upload} %{speed_download} %{http_code}',
			...parameters
		],
		{ encoding: 'utf8' }
	);
	const [up, down, code] = out.trim().split(' ');
	if (!/^2/.test(code)) throw new Error(`curl ${parameters.join(' ')}: HTTP ${code}`);
	return Math.max(Number(up), Number(down));
}

/** A server that takes any upload and sends `file` back: the floor of what this machine does. */
async function floorServer(file: string) {
	const server = createServer((req, res) => {
		if (req.method === 'PUT') {
			req.resume();
			req.on('end', () => res.writeHead(201).end());
		} else {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			createReadStream(file).pipe(res);
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	cleanups.push(() => new Promise((done) => server.close(done)));
	const address = server.address();
	return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The id of the demo group `slug`, read from its page's data as the browser gets it. */
async function groupId(origin: string, cookie: string, slug: string): Promise<string> {
	const response = await fetch(`${origin}/groupes/${slug}/fichiers/__data.json`, {
		headers: { cookie }
	});
	const { nodes } = (await response.json()) as { nodes: ({ data?: unknown[] } | null)[] };
	for (const node of nodes) {
		const data = node?.data ?? [];
		for (const value of data) {
			if (value && typeof value === 'object' && 'slug' in value && 'id' in value) {
				const { slug: s, id } = value as { slug: number; id: number };
				if (data[s] === slug) return String(data[id]);
			}
		}
	}
	throw new Error(`no group ${slug} in its page's data`);
}

await main('bench:files', async () => {
	ensureBuild(root);
	const work = mkdtempSync(join(tmpdir(), 'maillage-bench-files-'));
	cleanups.push(() => rmSync(work, { recursive: true, force: true }));
	const scratch = args['database-url'] ? await createDatabase(args['database-url']) : null;
	if (scratch) cleanups.push(() => scratch.drop());
	const databaseUrl = scratch?.url ?? null;
	// With --s3, the server keeps files in a bucket of an S3 server started here (s3rver).
	const s3 = args.s3 ? await startS3() : null;
	if (s3) cleanups.push(() => s3.stop());
	const server = await startServer({
		root,
		databaseUrl,
		demo: true,
		env: s3
			? {
					S3_BUCKET: s3.settings.bucket,
					S3_ENDPOINT: s3.settings.endpoint,
					S3_ACCESS_KEY_ID: s3.settings.credentials.accessKeyId,
					S3_SECRET_ACCESS_KEY: s3.settings.credentials.secretAccessKey
				}
			: {}
	});
	cleanups.push(() => server.stop());
	const origin = server.origin;
	const cookie = await login(origin, 'membre@maillage.test');
	const group = await groupId(origin, cookie, 'mutualisation');
	const headers = ['-H', `cookie: ${cookie}`, '-H', `origin: ${origin}`];
	// The file is larger than the default limit: an admin raises it, as in Administration.
	const admin = await login(origin, 'admin@maillage.test');
	const limits = await fetch(`${origin}/admin/fichiers?/limits`, {
		method: 'POST',
		headers: { cookie: admin, origin, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			maxFileMb: String(sizeMb + 10),
			groupQuotaGb: '50',
			networkQuotaGb: '100'
		})
	});
	if (limits.status !== 200) throw new Error(`raising the limits: HTTP ${limits.status}`);

	// A large file: a PDF's first bytes, then zeros.
	const big = join(work, 'big.pdf');
	const bytes = Buffer.alloc(sizeMb * MB);
	bytes.write('%PDF-1.4\n');
	writeFileSync(big, bytes);
	const floor = await floorServer(big);
	const floorUp = await curl(['-T', big, '-X', 'PUT', `${floor}/`]);
	const floorDown = await curl([`${floor}/`]);

	const before = memory(server.pid).rss ?? 0;
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, memory(server.pid).rss ?? 0)), 20);
	const { stdout: upload } = await run(
		'curl',
		[
			'-s',
			'-w',
			'\n%{speed_upload}',
			'-T',
			big,
			'-X',
			'PUT',
			...headers,
			`${origin}/televersement?groupe=${group}&nom=big.pdf`
		],
		{ encoding: 'utf8', maxBuffer: 1 << 20 }
	);
	clearInterval(sampler);
	const [answer, speed] = upload.trim().split('\n');
	if (!answer.includes('"file"')) throw new Error(`the upload was refused: ${answer}`);
	const fileId = (JSON.parse(answer) as { file: { id: string } }).file.id;
	const appUp = Number(speed);
	const appDown = await curl([...headers, `${origin}/fichiers/${fileId}`]);

	// A folder of many small files.
	const folderName = `Banc ${Date.now()}`;
	const form = new URLSearchParams({ name: folderName, parent: '' });
	const created = await fetch(`${origin}/groupes/mutualisation/fichiers?/createFolder`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			cookie,
			origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		body: form
	});
	const location = JSON.parse(await created.text()).location as string;
	const folder = new URL(location, origin).searchParams.get('dossier');
	const total = Number(args.files);
	for (let i = 0; i < total; i += 10) {
		await Promise.all(
			Array.from({ length: Math.min(10, total - i) }, (_, k) =>
				fetch(
					`${origin}/televersement?groupe=${group}&dossier=${folder}&nom=${encodeURIComponent(`Relevé ${i + k}.pdf`)}`,
					{
						method: 'PUT',
						headers: { cookie, origin },
						body: `%PDF-1.4\n% relevé ${i + k}\n%%EOF\n`
					}
				).then((r) => {
					if (r.status !== 201) throw new Error(`upload ${i + k}: HTTP ${r.status}`);
					return r.arrayBuffer();
				})
			)
		);
	}
	const load = {
		connections: Number(args.connections),
		duration: Number(args.duration),
		warmup: 2
	};
	const floorPage = await loadPage(origin, '/a-propos', cookie, load);
	const folderPage = await loadPage(
		origin,
		`/groupes/mutualisation/fichiers?dossier=${folder}`,
		cookie,
		load
	);

	// A 12-megapixel photo uploaded, then its two previews asked for at once: the time from the
	// upload's answer to both previews served (made after the upload, or by the asking).
	const photo = await sharp({
		create: { width: 4000, height: 3000, channels: 3, background: '#2f6f8f' }
	})
		.jpeg({ quality: 90 })
		.toBuffer();
	const times: number[] = [];
	for (let i = 0; i < 5; i++) {
		const sent = await fetch(
			`${origin}/televersement?groupe=${group}&nom=${encodeURIComponent(`Photo ${i}.jpg`)}`,
			{ method: 'PUT', headers: { cookie, origin }, body: photo }
		);
		const { file } = (await sent.json()) as { file: { id: string } };
		const start = performance.now();
		await Promise.all(
			['petit', 'grand'].map(async (size) => {
				const r = await fetch(`${origin}/fichiers/${file.id}/apercu/${size}`, {
					headers: { cookie }
				});
				if (r.status !== 200) throw new Error(`preview ${size}: HTTP ${r.status}`);
				await r.arrayBuffer();
			})
		);
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);

	const results = {
		database: databaseUrl ? 'postgresql' : 'pglite',
		store: s3 ? 's3rver' : 'disk',
		sizeMb,
		upload: {
			appMBps: round(appUp / MB, 1),
			floorMBps: round(floorUp / MB, 1),
			ratio: round(appUp / floorUp, 2)
		},
		download: {
			appMBps: round(appDown / MB, 1),
			floorMBps: round(floorDown / MB, 1),
			ratio: round(appDown / floorDown, 2)
		},
		memoryDuringUploadMB: round((peak - before) / MB, 1),
		folder: { files: total, connections: load.connections, ...folderPage },
		floorPage,
		folderVsFloor: round(folderPage.rps / floorPage.rps, 2),
		previewMsMedian: round(times[2], 0)
	};
	console.log(
		formatTable([
			['', 'Maillage', 'floor', 'ratio'],
			[
				`upload ${sizeMb} MB (MB/s)`,
				results.upload.appMBps,
				results.upload.floorMBps,
				results.upload.ratio
			],
			[
				`download ${sizeMb} MB (MB/s)`,
				results.download.appMBps,
				results.download.floorMBps,
				results.download.ratio
			],
			[`folder of ${total} (req/s)`, folderPage.rps, floorPage.rps, results.folderVsFloor],
			[
				'  its p99 (ms)',
				folderPage.p99,
				floorPage.p99,
				round(folderPage.p99 / Math.max(1, floorPage.p99), 2)
			]
		])
	);
	console.log(`files stored on: ${results.store}`);
	console.log(`server memory while receiving: +${results.memoryDuringUploadMB} MB`);
	console.log(`two previews of a 12-megapixel photo: ${results.previewMsMedian} ms (median of 5)`);
	mkdirSync(dirname(resolve(root, args.json!)), { recursive: true });
	writeFileSync(resolve(root, args.json!), JSON.stringify(results, null, 2));
});
