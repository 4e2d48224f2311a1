// `npm run bench:lighthouse`: Lighthouse on the main pages of the demo, as a phone sees them
// (Lighthouse's default mobile profile: a Moto G Power's screen, a slow 4G link and a CPU four
// times slower, simulated), in Debian's Chromium, logged in as the coordinator. A benchmark, not
// a test. Chromium is started here with a DevTools port; the login page is audited first,
// logged out; then playwright-core logs in through the form in the same browser profile, and
// Lighthouse audits the other pages with the session cookie it left. Lighthouse clears the
// page's caches and service worker before each run, not its cookies.
//
//   npm run bench:lighthouse
//   npm run bench:lighthouse -- --runs 5 --pages document
//   npm run bench:lighthouse -- --reports bench-results/lighthouse   # the full reports
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { ensureBuild, revision } from '../support/build.ts';
import { DEMO_GROUP, DEMO_PASSWORD, login } from '../support/logins.ts';
import { startServer } from '../support/server.ts';
import { formatTable, round } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');
const COORDINATOR = 'coordination@maillage.test';

const USAGE = `Usage: npm run bench:lighthouse -- [options]

  --runs N          Lighthouse runs per page; the run of median performance is kept (default 3)
  --pages LIST      only these pages, by key: login,home,group,document,meeting,actions,dashboard
  --block LIST      requests to block (Lighthouse's blockedUrlPatterns, * as a wildcard), e.g.
                    an editor chunk, to see what a page costs without it
  --reports DIR     also write each kept run's full report there (HTML and JSON)
  --json PATH       where to write the results (default bench-results/lighthouse.json)
  --chromium PATH   the browser (default $CHROMIUM_PATH or /usr/bin/chromium)
  --no-build        use the existing build as it is
  --help
`;

const { values: args } = parseArgs({
	options: {
		runs: { type: 'string', default: '3' },
		pages: { type: 'string' },
		reports: { type: 'string' },
		block: { type: 'string' },
		json: { type: 'string', default: 'bench-results/lighthouse.json' },
		chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
		'no-build': { type: 'boolean', default: false },
		help: { type: 'boolean', default: false }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const runs = Math.max(1, Number(args.runs));

// The same flags as playwright.config.ts: without the networking ones Chromium floods this closed
// network with refused connections.
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** Chromium with a DevTools port on 127.0.0.1 and a fresh profile; resolves once it listens. */
async function startChromium(path: string) {
	const profile = mkdtempSync(join(os.tmpdir(), 'maillage-lighthouse-'));
	const child = spawn(
		path,
		[
			...CHROMIUM_FLAGS,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			// The locale of playwright.config.ts: the demo's people read French.
			'--lang=fr-FR',
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const port = await new Promise<number>((resolvePort, reject) => {
		let err = '';
		const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 30_000);
		child.stderr.on('data', (chunk: Buffer) => {
			err += chunk.toString();
			const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
			if (m) {
				clearTimeout(timer);
				resolvePort(Number(m[1]));
			}
		});
		child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
	});
	child.stderr.resume();
	const stop = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
		rmSync(profile, { recursive: true, force: true });
	};
	return { port, stop };
}

/** Logs in through the login form, in the browser's default profile (the one Lighthouse uses). */
async function loginInBrowser(port: number, origin: string) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
	try {
		const page = await browser.contexts()[0].newPage();
		await page.goto(`${origin}/login`);
		await page.locator('input[name="email"]').fill(COORDINATOR);
		await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
		await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
		await page
			.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
			.catch(async (error: Error) => {
				const text = (await page.locator('main').innerText()).slice(0, 500);
				throw new Error(`logging in through the form failed: ${text}`, { cause: error });
			});
		await page.close();
	} finally {
		await browser.close();
	}
}

/** The first link of `path`'s HTML that matches `pattern` (a path), fetched with `cookie`. */
async function firstLink(origin: string, cookie: string, path: string, pattern: RegExp) {
	const response = await fetch(origin + path, { headers: { cookie }, redirect: 'manual' });
	const html = await response.text();
	if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
	const link = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).find((h) => pattern.test(h));
	if (!link) throw new Error(`no link matching ${pattern} on ${path}`);
	return link;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
};

if (!args['no-build']) ensureBuild(root);
const server = await startServer({ root });
const browser = await startChromium(args.chromium);
try {
	// The demo's pages to audit, found through its own links.
	const cookie = await login(server.origin, COORDINATOR);
	const uuid = '[0-9a-f-]{36}';
	const group = `/groupes/${DEMO_GROUP}`;
	const documentPath = await firstLink(
		server.origin,
		cookie,
		`${group}/documents`,
		new RegExp(`^${group}/documents/${uuid}$`)
	);
	const meetingPath = await firstLink(
		server.origin,
		cookie,
		`${group}/reunions`,
		new RegExp(`^${group}/reunions/${uuid}$`)
	);
	const allPages = [
		{ key: 'login', name: 'login (logged out)', path: '/login' },
		{ key: 'home', name: 'home', path: '/' },
		{ key: 'group', name: 'group page', path: group },
		{ key: 'document', name: 'document', path: documentPath },
		{ key: 'meeting', name: 'meeting', path: meetingPath },
		{ key: 'actions', name: 'actions', path: '/actions' },
		{ key: 'dashboard', name: 'dashboard', path: '/tableau-de-bord' }
	];
	const wanted = args.pages?.split(',').map((p) => p.trim());
	const pages = wanted ? allPages.filter((p) => wanted.includes(p.key)) : allPages;

	const loadBefore = os.loadavg();
	const results = [];
	let loggedIn = false;
	for (const page of pages) {
		if (page.key !== 'login' && !loggedIn) {
			await loginInBrowser(browser.port, server.origin);
			loggedIn = true;
		}
		const kept = [];
		for (let i = 0; i < runs; i++) {
			const result = await lighthouse(server.origin + page.path, {
				port: browser.port,
				logLevel: 'error',
				output: ['html', 'json'],
				onlyCategories: ['performance', 'accessibility'],
				...(args.block && { blockedUrlPatterns: args.block.split(',') })
			});
			if (!result) throw new Error(`Lighthouse gave no result for ${page.path}`);
			const { lhr } = result;
			if (lhr.runtimeError) {
				throw new Error(`Lighthouse on ${page.path}: ${lhr.runtimeError.message}`);
			}
			// A page that sent the browser elsewhere (the login page, when logged out) is not it.
			if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(server.origin + page.path).pathname) {
				throw new Error(`${page.path} ended on ${lhr.finalDisplayedUrl}`);
			}
			const audit = (id: string) => lhr.audits[id]?.numericValue ?? null;
			const run = {
				performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
				accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
				fcpMs: audit('first-contentful-paint'),
				lcpMs: audit('largest-contentful-paint'),
				tbtMs: audit('total-blocking-time'),
				cls: audit('cumulative-layout-shift'),
				siMs: audit('speed-index'),
				benchmarkIndex: lhr.environment.benchmarkIndex,
				failedAccessibility: Object.values(lhr.audits)
					.filter(
						(a) =>
							lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id && r.weight > 0) &&
							a.score !== null &&
							a.score < 1
					)
					.map((a) => a.id),
				report: result.report as string[]
			};
			kept.push(run);
			console.log(
				`  ${page.name} #${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, ` +
					`LCP ${round((run.lcpMs ?? 0) / 1000, 1)} s, TBT ${Math.round(run.tbtMs ?? 0)} ms`
			);
		}
		const middle = median(kept.map((r) => r.performance));
		const chosen = kept.find((r) => r.performance === middle) ?? kept[0];
		const { report, ...figures } = chosen;
		if (args.reports) {
			const dir = resolve(root, args.reports);
			mkdirSync(dir, { recursive: true });
			writeFileSync(join(dir, `${page.key}.html`), report[0]);
			writeFileSync(join(dir, `${page.key}.json`), report[1]);
		}
		results.push({
			...page,
			...figures,
			runs: kept.map((r) => ({ performance: r.performance, lcpMs: r.lcpMs, tbtMs: r.tbtMs }))
		});
	}
	const loadAfter = os.loadavg();

	const seconds = (ms: number | null) => (ms == null ? null : `${round(ms / 1000, 1)} s`);
	console.log(
		'\n' +
			formatTable([
				['page', 'performance', 'accessibility', 'FCP', 'LCP', 'TBT', 'CLS'],
				...results.map((r) => [
					r.name,
					runs > 1
						? `${r.performance} (${r.runs.map((x) => x.performance).join(' ')})`
						: r.performance,
					r.accessibility,
					seconds(r.fcpMs),
					seconds(r.lcpMs),
					r.tbtMs == null ? null : `${Math.round(r.tbtMs)} ms`,
					r.cls == null ? null : round(r.cls, 3)
				])
			])
	);
	const load = (l: number[]) => l.map((x) => round(x, 2)).join(' ');
	console.log(
		`\nLoad average ${load(loadBefore)} before, ${load(loadAfter)} after; ` +
			`Lighthouse's CPU benchmark index ${results.map((r) => Math.round(r.benchmarkIndex)).join(', ')}.`
	);
	for (const r of results.filter((x) => x.failedAccessibility.length)) {
		console.log(`Accessibility audits failed on ${r.name}: ${r.failedAccessibility.join(', ')}`);
	}
	const below = results.filter((r) => r.performance < 90 || r.accessibility < 100);
	if (below.length) {
		console.log(`Below 90 / 100: ${below.map((r) => r.name).join(', ')}.`);
	}

	const output = resolve(root, args.json);
	mkdirSync(dirname(output), { recursive: true });
	writeFileSync(
		output,
		JSON.stringify(
			{
				date: new Date().toISOString(),
				...revision(root, ['src', 'static', 'package.json']),
				machine: {
					cpus: os.cpus().length,
					model: os.cpus()[0]?.model,
					node: process.version,
					loadBefore,
					loadAfter
				},
				lighthouse: {
					formFactor: 'mobile',
					throttling: 'simulate (default)',
					runs,
					blocked: args.block?.split(',') ?? []
				},
				pages: results
			},
			null,
			2
		)
	);
	console.log(`Results written to ${args.json}`);
} finally {
	await browser.stop();
	await server.stop();
}
