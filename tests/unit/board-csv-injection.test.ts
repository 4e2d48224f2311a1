import { parse, type Options } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, type BoardRow } from '$lib/server/actions/board';

// The board's CSV export read back by a real CSV parser, the way a spreadsheet reads it: every
// cell is the one that was written, and none runs as a formula.

const HOSTILE = [
	'=1+2',
	'Titre\r=1+2',
	'Titre\n=1+2',
	'Titre\r\n=1+2',
	'\r=1+2',
	'\n=1+2',
	'\t=1+2',
	' =1+2',
	'  \t @SUM(A1)',
	'\u00a0=1+2',
	'\u0000=1+2',
	'\u001b+1',
	'\u200b=1+2',
	'\ufeff=1+2',
	'+33 6 12',
	'-2',
	'@SUM(A1)',
	'\t',
	'\r',
	'\tTitre',
	'\rTitre',
	'=HYPERLINK("http://evil.test";"clic")',
	'a;=1+2',
	';=1+2',
	'"=1+2',
	'Jean "JC" Muller',
	'Devis; lot 2',
	'Ligne 1\r\nLigne 2\rLigne 3\nLigne 4',
	"'=déjà neutralisée",
	'Envoyer le devis',
	''
];

/** What a spreadsheet would run: a formula character first, past spaces and invisible characters. */
const RUNS = /^[\s\p{Cc}\p{Cf}]*[=+\-@]|^[\t\r]/u;

/** A row holding `text` in every column, the status label included. */
function row(text: string): BoardRow {
	return {
		id: crypto.randomUUID(),
		title: text,
		// Not a status: the label function below gives it back as the status's label.
		status: text as BoardRow['status'],
		dueDate: text,
		overdue: false,
		detached: false,
		groupId: 'g1',
		groupName: text,
		groupSlug: 'g',
		groupColor: '#336699',
		ownerId: 'u1',
		ownerName: text,
		organisationId: 'o1',
		organisationName: text,
		meetingTitle: text,
		meetingId: 'm1'
	};
}

const headers = ['=Titre', 'Statut', 'Échéance', 'Groupe', 'Responsable', 'Organisation', '@R'];
const csv = toCsv(HOSTILE.map(row), headers, (status) => status);

/** As typed, or behind the one quote that keeps a formula text. */
const expected = (typed: string) => (RUNS.test(typed) ? `'${typed}` : typed);

describe('the board’s CSV export read back by a CSV parser', () => {
	// A spreadsheet ends a record at any line break it finds outside quotes: \r\n, \n or \r.
	const readers: [string, Options][] = [
		['that detects the line ending', {}],
		['that ends records at \\r\\n, \\n or \\r', { record_delimiter: ['\r\n', '\n', '\r'] }]
	];
	for (const [reader, options] of readers) {
		it(`gives every cell as typed, one record a row, ${reader}`, () => {
			const records: string[][] = parse(csv, { delimiter: ';', bom: true, ...options });
			expect(records).toEqual([
				headers.map(expected),
				...HOSTILE.map((typed) => Array(7).fill(expected(typed)))
			]);
		});

		it(`gives no cell that runs as a formula, ${reader}`, () => {
			const records: string[][] = parse(csv, { delimiter: ';', bom: true, ...options });
			const running = records.flat().filter((value) => RUNS.test(value));
			expect(running).toEqual([]);
		});
	}

	it('quotes exactly the cells that hold a quote, a semicolon or a line break', () => {
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe("'=Titre;Statut;Échéance;Groupe;Responsable;Organisation;'@R");
		const cell = (typed: string) =>
			toCsv([row(typed)], headers, (s) => s)
				.split(';')
				.at(-1);
		expect(cell('Titre\r=1+2')).toBe('"Titre\r=1+2"\r\n');
		expect(cell('\t=1+2')).toBe("'\t=1+2\r\n");
		expect(cell('"=1+2')).toBe(`"""=1+2"\r\n`);
		expect(cell('Envoyer le devis')).toBe('Envoyer le devis\r\n');
	});
});
