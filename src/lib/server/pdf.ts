import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * HTML to PDF with the machine's Chromium (Debian's `/usr/bin/chromium`, or `CHROMIUM_PATH`),
 * headless, on a standalone page written to a private temporary folder with a fresh profile.
 * One rendering at a time (Chromium is heavy on a small server); each is killed after a timeout
 * and its folder removed whatever happens.
 */

/** Chromium is not installed: the reader can still print the page from their browser. */
export class PdfUnavailable extends Error {
	constructor(message = 'Chromium is not available') {
		super(message);
		this.name = 'PdfUnavailable';
	}
}

export interface PdfOptions {
	/** The Chromium executable; defaults to CHROMIUM_PATH, else /usr/bin/chromium. */
	executable?: string;
	timeoutMs?: number;
	/** Where the temporary folder is made (the system's temporary directory by default). */
	tmpRoot?: string;
}

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	// Without these Chromium calls home, which on a closed network floods it with refused connections.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-extensions',
	'--disable-quic',
	'--no-first-run',
	'--no-default-browser-check',
	'--mute-audio',
	'--no-pdf-header-footer'
];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

let queue: Promise<unknown> = Promise.resolve();

/** The PDF of a standalone HTML page (styles inline, nothing to fetch). */
export function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
	const run = queue.then(() => render(html, options));
	queue = run.catch(() => {});
	return run;
}

async function render(html: string, options: PdfOptions): Promise<Buffer> {
	const executable = options.executable ?? chromiumPath();
	if (!existsSync(executable)) throw new PdfUnavailable(`${executable} not found`);
	const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'maillage-pdf-'));
	try {
		const page = join(dir, 'page.html');
		const output = join(dir, 'page.pdf');
		await writeFile(page, html);
		await runChromium(
			executable,
			[
				...FLAGS,
				`--user-data-dir=${join(dir, 'profile')}`,
				`--print-to-pdf=${output}`,
				pathToFileURL(page).href
			],
			options.timeoutMs ?? 30_000
		);
		const pdf = existsSync(output) ? await readFile(output) : null;
		if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
			throw new Error('Chromium wrote no PDF');
		}
		return pdf;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Runs Chromium in its own process group, so that a timeout kills its helpers too. */
function runChromium(executable: string, args: string[], timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(executable, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			if (stderr.length < 4000) stderr += chunk.toString();
		});
		const timer = setTimeout(() => {
			kill(child.pid);
			reject(new Error(`Chromium took more than ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			// Helpers left behind by a crash go with the group.
			kill(child.pid);
			if (code === 0) resolve();
			else reject(new Error(`Chromium exited with ${code ?? signal}: ${stderr.slice(-500)}`));
		});
	});
}

function kill(pid: number | undefined) {
	if (!pid) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}
