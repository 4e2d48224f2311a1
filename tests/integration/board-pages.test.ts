// The board shows one page of 200 actions at a time, in the order it shows them, with the
// whole view's counts: thousands of rows made pages of megabytes on a large network.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { actions } from '$lib/server/db/schema';
import * as boardPage from '../../src/routes/(app)/actions/+page.server';
import type { PageServerData } from '../../src/routes/(app)/actions/$types';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let coordinator: SessionUser;

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	const first = await buildGroup({ name: 'Achats' });
	const second = await buildGroup({ name: 'Mobilité' });
	const day = (n: number) => `2030-01-${String(1 + (n % 28)).padStart(2, '0')}`;
	await db.insert(actions).values([
		...Array.from({ length: 150 }, (_, i) => ({
			groupId: first.id,
			title: `Achat ${i}`,
			dueDate: day(i)
		})),
		...Array.from({ length: 300 }, (_, i) => ({
			groupId: second.id,
			title: `Trajet ${i}`,
			dueDate: day(i)
		}))
	]);
});

async function board(path: string) {
	const { result } = await run(boardPage.load, { path, user: coordinator });
	return result as PageServerData;
}
const rowsOf = (data: PageServerData) => data.sections.flatMap((s) => s.rows);

describe('the actions board, page by page', () => {
	it('shows 200 actions a page, with the counts of the whole view', async () => {
		const page1 = await board('/actions');
		expect(rowsOf(page1)).toHaveLength(200);
		expect(page1).toMatchObject({ total: 450, page: 1, pages: 3 });
		expect(page1.pageHrefs).toEqual({ previous: null, next: '/actions?page=2' });
		const page3 = await board('/actions?page=3');
		expect(rowsOf(page3)).toHaveLength(50);
		expect(page3.pageHrefs).toEqual({ previous: '/actions?page=2', next: null });
		// Every action once, over the three pages.
		const page2 = await board('/actions?page=2');
		const seen = [page1, page2, page3].flatMap(rowsOf).map((r) => r.id);
		expect(new Set(seen).size).toBe(450);
	});

	it('pages in the order shown, section after section, each section with its whole count', async () => {
		const page1 = await board('/actions?by=group');
		expect(page1.sections.map((s) => [s.label, s.count, s.rows.length])).toEqual([
			['Achats', 150, 150],
			['Mobilité', 300, 50]
		]);
		const page2 = await board('/actions?by=group&page=2');
		expect(page2.sections.map((s) => [s.label, s.count, s.rows.length])).toEqual([
			['Mobilité', 300, 200]
		]);
		expect(page2.pageHrefs).toEqual({
			previous: '/actions?by=group',
			next: '/actions?by=group&page=3'
		});
	});

	it('reads any other page number as the first or the last page', async () => {
		for (const [path, page] of [
			['/actions?page=abc', 1],
			['/actions?page=-2', 1],
			['/actions?page=1.5', 1],
			['/actions?page=99', 3]
		] as const) {
			expect((await board(path)).page).toBe(page);
		}
	});
});

describe('reminding the owners of the board’s view', () => {
	it('reads the view from the address the form was sent from, and refuses any other form', async () => {
		const refused = await run(boardPage.actions.remind, {
			path: '/actions?/remind',
			user: coordinator,
			form: {}
		});
		expect(refused.result).toMatchObject({ status: 400 });
		// No owner in this view: nobody to remind, said so.
		const empty = await run(boardPage.actions.remind, {
			path: '/actions?owner=none&due=week&/remind',
			user: coordinator,
			form: { intent: 'remind' }
		});
		expect(empty.result).toMatchObject({ status: 400 });
	});
});
