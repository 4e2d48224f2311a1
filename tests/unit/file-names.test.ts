import { describe, expect, it } from 'vitest';
import {
	cleanFileName,
	contentDisposition,
	extensionOf,
	MAX_NAME_LENGTH
} from '$lib/server/files/names';

describe('an uploaded file’s name', () => {
	it('keeps only the last part of a path', () => {
		expect(cleanFileName('../../etc/passwd')).toBe('passwd');
		expect(cleanFileName('C:\\fakepath\\devis navette.pdf')).toBe('devis navette.pdf');
		expect(cleanFileName('..')).toBe('fichier');
		expect(cleanFileName('dossier/')).toBe('fichier');
	});

	it('drops control and invisible characters, folds spaces, hides nothing', () => {
		expect(cleanFileName('devis\u0000\u0007 \t  2027\u202e.pdf')).toBe('devis 2027.pdf');
		expect(cleanFileName('...bashrc')).toBe('bashrc');
		expect(cleanFileName('   ')).toBe('fichier');
		expect(cleanFileName('', 'sans nom')).toBe('sans nom');
	});

	it('keeps accents and emoji, and cuts a long name without losing its extension', () => {
		expect(cleanFileName('Réunion 🚌 été.pdf')).toBe('Réunion 🚌 été.pdf');
		const long = cleanFileName(`${'é'.repeat(150)}${'🏭'.repeat(150)}.docx`);
		expect([...new Intl.Segmenter().segment(long)]).toHaveLength(MAX_NAME_LENGTH);
		expect(long.endsWith('🏭.docx')).toBe(true);
		expect(long).not.toMatch(/\uD83C$/);
	});

	it('names its extension', () => {
		expect(extensionOf('Devis.PDF')).toBe('pdf');
		expect(extensionOf('archive.tar.gz')).toBe('gz');
		expect(extensionOf('LISEZMOI')).toBe('');
		expect(extensionOf('.profile')).toBe('');
	});
});

describe('the Content-Disposition header', () => {
	it('carries the exact name in UTF-8 and a plain fallback nothing can break out of', () => {
		expect(contentDisposition('attachment', 'Devis été "final".pdf')).toBe(
			`attachment; filename="Devis ete _final_.pdf"; filename*=UTF-8''Devis%20%C3%A9t%C3%A9%20%22final%22.pdf`
		);
		const header = contentDisposition('inline', 'a\r\nSet-Cookie: x=1; (b).png');
		expect(header).not.toMatch(/[\r\n]/);
		expect(header.startsWith('inline; filename="a__Set-Cookie: x=1; (b).png"')).toBe(true);
		expect(header).toContain(`filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1%3B%20%28b%29.png`);
	});
});
