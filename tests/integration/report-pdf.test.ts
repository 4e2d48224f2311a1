import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { htmlToPdf, PdfUnavailable } from '$lib/server/pdf';
import * as pdfRoute from '../../src/routes/(app)/tableau-de-bord/rapport/pdf/+server';
import { createTestDb } from '../helpers/db';
import { fakeEvent } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { buildMeeting } from '../helpers/progress';

await createTestDb();

let scratch: string;
let director: SessionUser;
const savedPath = process.env.CHROMIUM_PATH;

beforeAll(async () => {
	scratch = await mkdtemp(join(tmpdir(), 'maillage-pdf-test-'));
	director = await buildUser({ role: 'director' });
	const group = await buildGroup({ name: 'Mobilité' });
	await buildMeeting(group.id, '2026-10-05T08:00:00Z', 'held', [[director, 'present']], {
		title: 'Comité de pilotage'
	});
});

afterEach(() => {
	if (savedPath === undefined) delete process.env.CHROMIUM_PATH;
	else process.env.CHROMIUM_PATH = savedPath;
});

afterAll(async () => {
	await rm(scratch, { recursive: true, force: true });
});

describe('HTML to PDF', () => {
	it('prints a page with the installed Chromium and leaves nothing behind', async () => {
		const root = await mkdtemp(join(scratch, 'ok-'));
		const pdf = await htmlToPdf('<!doctype html><meta charset="utf-8"><h1>Réseau ’</h1>', {
			tmpRoot: root
		});
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(await readdir(root)).toEqual([]);
	});

	it('says so when Chromium is missing', async () => {
		await expect(
			htmlToPdf('<p>x</p>', { executable: join(scratch, 'no-chromium') })
		).rejects.toBeInstanceOf(PdfUnavailable);
	});

	it('gives up on a Chromium that hangs, kills it and cleans up', async () => {
		const root = await mkdtemp(join(scratch, 'hang-'));
		const hanging = join(scratch, 'hanging-chromium');
		await writeFile(hanging, '#!/bin/sh\nsleep 30\n');
		await chmod(hanging, 0o755);
		const started = Date.now();
		await expect(
			htmlToPdf('<p>x</p>', { executable: hanging, timeoutMs: 300, tmpRoot: root })
		).rejects.toThrow(/more than 300 ms/);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(await readdir(root)).toEqual([]);
	});

	it('refuses a Chromium that writes no PDF', async () => {
		const root = await mkdtemp(join(scratch, 'none-'));
		await expect(htmlToPdf('<p>x</p>', { executable: '/bin/true', tmpRoot: root })).rejects.toThrow(
			/no PDF/
		);
		expect(await readdir(root)).toEqual([]);
	});
});

describe('the report’s PDF', () => {
	const get = (path: string, user: SessionUser | null = director) => {
		const { event } = fakeEvent<Parameters<typeof pdfRoute.GET>[0]>({ path, user });
		return pdfRoute.GET(event);
	};

	it('is a PDF file of the month', async () => {
		const response = await get('/tableau-de-bord/rapport/pdf?mois=2026-10');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('content-disposition')).toContain('rapport-2026-10.pdf');
		const body = Buffer.from(await response.arrayBuffer());
		expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('answers a bad month with a page that says why', async () => {
		const response = await get('/tableau-de-bord/rapport/pdf?mois=2026-13');
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(await response.text()).toContain('Ce mois n’est pas valable');
	});

	it('without Chromium, tells the reader to print from the browser', async () => {
		process.env.CHROMIUM_PATH = join(scratch, 'no-chromium');
		const response = await get('/tableau-de-bord/rapport/pdf?mois=2026-10');
		expect(response.status).toBe(503);
		const html = await response.text();
		expect(html).toContain('PDF indisponible');
		expect(html).toContain('imprimez-le depuis votre navigateur');
		expect(html).toContain('href="/tableau-de-bord/rapport?mois=2026-10"');
	});

	it('is closed to members', async () => {
		const member = await buildUser({ role: 'member' });
		await expect(get('/tableau-de-bord/rapport/pdf', member)).rejects.toMatchObject({
			status: 403
		});
	});
});
