import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/(app)/tableau-de-bord/+page.server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

type Data = {
	groups: { id: string; name: string }[];
	total: number;
	attention: number;
	page: number;
	pages: number;
	pageHrefs: { previous: string | null; next: string | null };
};

describe('the dashboard of a large network', () => {
	it('shows the cards sixty at a time, and counts every group', async () => {
		const director = await buildUser({ role: 'director' });
		for (let i = 0; i < 61; i++) await buildGroup({ name: `Groupe ${String(i).padStart(2, '0')}` });
		const dashboardAt = async (path: string) =>
			(await run(load as never, { user: director, path })).result as Data;

		const first = await dashboardAt('/tableau-de-bord?tri=nom');
		expect(first).toMatchObject({ total: 61, page: 1, pages: 2 });
		expect(first.groups).toHaveLength(60);
		expect(first.groups[0].name).toBe('Groupe 00');
		expect(first.pageHrefs).toEqual({ previous: null, next: '/tableau-de-bord?tri=nom&page=2' });
		// Every group without a check-in or activity is counted, not only those of the page.
		expect(first.attention).toBe(61);

		const second = await dashboardAt(first.pageHrefs.next!);
		expect(second.groups.map((g) => g.name)).toEqual(['Groupe 60']);
		expect(second.pageHrefs).toEqual({ previous: '/tableau-de-bord?tri=nom', next: null });

		// Past the last page, the last; anything but a number, the first.
		expect((await dashboardAt('/tableau-de-bord?page=9')).page).toBe(2);
		expect((await dashboardAt('/tableau-de-bord?page=abc')).page).toBe(1);
	});
});
