import { describe, expect, it } from 'vitest';
import { parseBoardQuery, sectionKey, toCsv, type BoardRow } from '$lib/server/actions/board';

const OPEN = ['open', 'in_progress', 'blocked'];

function row(overrides: Partial<BoardRow> = {}): BoardRow {
	return {
		id: crypto.randomUUID(),
		title: 'Envoyer le devis',
		status: 'open',
		dueDate: '2026-03-15',
		overdue: false,
		detached: false,
		groupId: 'g1',
		groupName: 'Mobilité',
		groupSlug: 'mobilite',
		groupColor: '#336699',
		ownerId: 'u1',
		ownerName: 'Marie Keller',
		organisationId: 'o1',
		organisationName: 'Alsace Bois',
		meetingId: null,
		meetingTitle: null,
		...overrides
	};
}

const query = (search: string) => parseBoardQuery(new URLSearchParams(search));

describe('parseBoardQuery', () => {
	it('shows open actions, soonest due first, in one list by default', () => {
		expect(query('')).toEqual({
			group: undefined,
			owner: undefined,
			organisation: undefined,
			status: OPEN,
			due: undefined,
			meeting: undefined,
			sort: 'due',
			by: 'none'
		});
	});

	it('reads a shared view back from its URL', () => {
		const organisation = crypto.randomUUID();
		const meeting = crypto.randomUUID();
		expect(
			query(
				`group=mobilite&owner=me&organisation=${organisation}&status=done,cancelled&due=overdue&meeting=${meeting}&sort=owner&by=organisation`
			)
		).toEqual({
			group: 'mobilite',
			owner: 'me',
			organisation,
			status: ['done', 'cancelled'],
			due: 'overdue',
			meeting,
			sort: 'owner',
			by: 'organisation'
		});
		expect(query('status=all').status).toEqual([
			'open',
			'in_progress',
			'blocked',
			'done',
			'cancelled'
		]);
	});

	it('falls back to the default for anything it does not understand', () => {
		const view = query(
			`organisation=pas-un-id&meeting=1%20or%201=1&due=hier&sort=chaos&by=couleur&owner=${'x'.repeat(500)}`
		);
		expect(view).toMatchObject({
			organisation: undefined,
			meeting: undefined,
			due: undefined,
			sort: 'due',
			by: 'none',
			owner: undefined,
			status: OPEN
		});
		// An unknown status keeps the default view rather than showing every status.
		expect(query('status=ferme').status).toEqual(OPEN);
		expect(query('status=,,').status).toEqual(OPEN);
		expect(query('status=done,ferme').status).toEqual(['done']);
	});

	it('never throws on repeated or odd parameters', () => {
		expect(() => query('status&status=&due=&due=week&sort=&by=&%zz=1')).not.toThrow();
		expect(query('due=&due=week').due).toBe('week');
	});
});

describe('sectionKey', () => {
	it('puts a row in its group’s, owner’s or organisation’s section, the unassigned in “none”', () => {
		const assigned = row();
		const unassigned = row({ ownerId: null, organisationId: null });
		expect(sectionKey(assigned, 'none')).toBe('all');
		expect(sectionKey(assigned, 'group')).toBe('g1');
		expect(sectionKey(assigned, 'owner')).toBe('u1');
		expect(sectionKey(assigned, 'organisation')).toBe('o1');
		expect(sectionKey(unassigned, 'owner')).toBe('none');
		expect(sectionKey(unassigned, 'organisation')).toBe('none');
	});
});

describe('toCsv', () => {
	const headers = [
		'Titre',
		'Statut',
		'Échéance',
		'Groupe',
		'Responsable',
		'Organisation',
		'Réunion'
	];
	const label = (s: string) => ({ open: 'Ouverte', done: 'Faite' })[s] ?? s;

	it('starts with a BOM and ends every line with CRLF, cells separated by semicolons', () => {
		const csv = toCsv([row({ meetingTitle: 'Réunion de mars' })], headers, label);
		expect(csv.startsWith('\ufeffTitre;Statut;Échéance;')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.slice(1).split('\r\n')).toEqual([
			'Titre;Statut;Échéance;Groupe;Responsable;Organisation;Réunion',
			'Envoyer le devis;Ouverte;2026-03-15;Mobilité;Marie Keller;Alsace Bois;Réunion de mars',
			''
		]);
	});

	it('quotes semicolons, quotes and new lines, and leaves empty cells empty', () => {
		const csv = toCsv(
			[
				row({
					title: 'Devis; lot 2',
					ownerName: 'Jean "JC" Muller',
					organisationName: 'Ligne 1\nLigne 2',
					dueDate: null,
					meetingTitle: null
				})
			],
			headers,
			label
		);
		const line = csv.slice(1).split('\r\n')[1];
		expect(line).toBe('"Devis; lot 2";Ouverte;;Mobilité;"Jean ""JC"" Muller";"Ligne 1\nLigne 2";');
	});

	it('neutralises cells a spreadsheet would run as formulas', () => {
		const csv = toCsv(
			[
				row({
					title: '=HYPERLINK("http://evil.test";"clic")',
					ownerName: '+33 6 12',
					organisationName: '@SUM(A1)',
					meetingTitle: '-2'
				})
			],
			headers,
			label
		);
		const cells = csv.slice(1).split('\r\n')[1];
		expect(cells.startsWith(`"'=HYPERLINK(""http://evil.test"";""clic"")";`)).toBe(true);
		expect(cells).toContain(";'+33 6 12;");
		expect(cells).toContain(";'@SUM(A1);");
		expect(cells.endsWith(";'-2")).toBe(true);
		expect(cells).not.toMatch(/(^|;)[=+@-]/);
	});
});
