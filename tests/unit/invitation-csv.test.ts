import { describe, expect, it } from 'vitest';
import {
	decodeFile,
	MAX_FILE_BYTES,
	MAX_LINES,
	readList,
	type ListLine
} from '$lib/server/invitations/csv';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Text as Windows-1252 bytes (French letters only), the way Excel's French CSV export writes it. */
const cp1252 = (text: string) =>
	Uint8Array.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));

function lines(text: string): ListLine[] {
	const read = readList(text);
	if (!read.ok) throw new Error(`refused: ${read.error}`);
	return read.lines;
}

describe('decodeFile', () => {
	const list = 'Nom;E-mail\nÉlodie Kœnig;elodie@example.test\n';

	it('reads UTF-8, with or without its byte-order mark', () => {
		expect(decodeFile(utf8(list))).toEqual({ ok: true, text: list });
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(list)]);
		expect(decodeFile(bom)).toEqual({ ok: true, text: list });
	});

	it('reads what Excel writes in French: Windows-1252', () => {
		const text = 'Nom;Organisation\nHélène Müller;Aciéries de l’Andlau\n'.replace('’', "'");
		expect(decodeFile(cp1252(text))).toEqual({ ok: true, text });
	});

	it('reads UTF-16 with its byte-order mark (Excel’s "Unicode text")', () => {
		const text = 'Élodie\tKœnig@example.test';
		const le = new Uint8Array(2 + text.length * 2);
		le.set([0xff, 0xfe]);
		for (const [i, c] of [...text].entries()) {
			le[2 + i * 2] = c.charCodeAt(0) & 0xff;
			le[3 + i * 2] = c.charCodeAt(0) >> 8;
		}
		expect(decodeFile(le)).toEqual({ ok: true, text });
	});

	it('refuses an empty file, a binary file and a file too large', () => {
		expect(decodeFile(new Uint8Array())).toMatchObject({
			ok: false,
			error: 'invite.bulk.file_empty'
		});
		// The first bytes of a PNG image, and of a spreadsheet saved as .xlsx (a zip archive).
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
		const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
		expect(decodeFile(png)).toMatchObject({ ok: false, error: 'invite.bulk.file_binary' });
		expect(decodeFile(zip)).toMatchObject({ ok: false, error: 'invite.bulk.file_binary' });
		expect(decodeFile(utf8('a;b\u0001c'))).toMatchObject({ error: 'invite.bulk.file_binary' });
		expect(decodeFile(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61))).toEqual({
			ok: false,
			error: 'invite.bulk.file_too_large',
			params: { max: MAX_FILE_BYTES / 1000 }
		});
	});
});

describe('readList', () => {
	it('reads name, e-mail, organisation and role in that order without a header', () => {
		expect(lines('Inès Meyer;ines@example.test;Usine Test;partenaire\n')).toEqual([
			{
				line: 1,
				name: 'Inès Meyer',
				email: 'ines@example.test',
				organisation: 'Usine Test',
				role: 'partenaire'
			}
		]);
	});

	it('takes semicolons, commas or tabs, whichever the first line uses', () => {
		const expected = { name: 'A B', email: 'a@example.test', organisation: 'Org', role: '' };
		for (const sep of [';', ',', '\t']) {
			expect(lines(['A B', 'a@example.test', 'Org'].join(sep))).toEqual([{ line: 1, ...expected }]);
		}
		// A comma inside a cell of a semicolon list stays in the cell.
		expect(lines('Dupont, Jean;j@example.test;Acme, SA;;')[0]).toMatchObject({
			name: 'Dupont, Jean',
			organisation: 'Acme, SA'
		});
	});

	it('reads quoted cells as spreadsheets write them, and keeps line numbers', () => {
		const text =
			'"Meyer; Inès";ines@example.test;"Les ""Ateliers""";membre\r\n\r\n;;;\nB;b@example.test;X;\n';
		expect(lines(text)).toEqual([
			{
				line: 1,
				name: 'Meyer; Inès',
				email: 'ines@example.test',
				organisation: 'Les "Ateliers"',
				role: 'membre'
			},
			{ line: 4, name: 'B', email: 'b@example.test', organisation: 'X', role: '' }
		]);
	});

	it('recognises a French or English header, in any order, with "Prénom" and "Nom" apart', () => {
		expect(
			lines('\ufeffRôle;Courriel;Société;Prénom;Nom\nmembre;a@example.test;Org;Anne;Kieffer')
		).toEqual([
			{
				line: 2,
				name: 'Anne Kieffer',
				email: 'a@example.test',
				organisation: 'Org',
				role: 'membre'
			}
		]);
		expect(lines('E-mail,Name\nb@example.test,Bruno')).toEqual([
			{ line: 2, name: 'Bruno', email: 'b@example.test', organisation: '', role: '' }
		]);
	});

	it('refuses a header with columns it does not know, twice the same, or no e-mail', () => {
		expect(readList('Nom;E-mail;Téléphone\nA;a@example.test;06')).toEqual({
			ok: false,
			error: 'invite.bulk.columns_unknown',
			params: { columns: 'Téléphone' }
		});
		expect(readList('Nom;Mail;Courriel\nA;a@x.test;b@x.test')).toMatchObject({
			error: 'invite.bulk.columns_twice'
		});
		expect(readList('Nom;Organisation\nA;Org')).toMatchObject({
			error: 'invite.bulk.columns_no_email'
		});
		// Another table altogether: no header we know, and not one address.
		expect(readList('Produit;Prix\nVis;3')).toMatchObject({
			error: 'invite.bulk.columns_no_email'
		});
	});

	it('flags a line with more cells than columns, spreadsheets’ trailing empty cells aside', () => {
		const read = lines('A;a@example.test;Org;membre;;;\nB;b@example.test;Org;membre;en trop');
		expect(read[0].tooManyCells).toBeUndefined();
		expect(read[1].tooManyCells).toBe(true);
	});

	it('refuses an empty list and one past the cap, saying how long it is; keeps unreadable lines', () => {
		expect(readList(' \n\n')).toMatchObject({ error: 'invite.bulk.empty' });
		expect(readList('Nom;E-mail\n')).toMatchObject({ error: 'invite.bulk.empty' });
		// A line whose quotes cannot be read is kept as written; the others are read all the same.
		expect(lines('A;a@example.test\n"B;b@example.test\nC;c@example.test;"x"y;\n')).toEqual([
			{ line: 1, name: 'A', email: 'a@example.test', organisation: '', role: '' },
			{ line: 2, name: '', email: '', organisation: '', role: '', unreadable: '"B;b@example.test' },
			{
				line: 3,
				name: '',
				email: '',
				organisation: '',
				role: '',
				unreadable: 'C;c@example.test;"x"y;'
			}
		]);
		const row = (i: number) => `P ${i};p${i}@example.test;Org;membre`;
		const atCap = Array.from({ length: MAX_LINES }, (_, i) => row(i)).join('\n');
		expect(lines(`Nom;E-mail;Organisation;Rôle\n${atCap}`)).toHaveLength(MAX_LINES);
		expect(readList(`${atCap}\n${row(MAX_LINES)}`)).toEqual({
			ok: false,
			error: 'invite.bulk.too_many',
			params: { max: MAX_LINES, count: MAX_LINES + 1 }
		});
	});
});
