import { describe, expect, it } from 'vitest';
import { kindOf } from '$lib/server/files/types';

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));
const PNG = bytes(
	[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d],
	'IHDR',
	new Array(17).fill(0)
);
const PDF = bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], new Array(56).fill(0));
const SVG = bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('what a file is, read from its content', () => {
	it('shows images and PDFs, whatever the name says', async () => {
		expect(await kindOf(PNG, 'photo.png')).toEqual({
			mime: 'image/png',
			inline: true,
			refused: false
		});
		expect(await kindOf(PNG, 'rapport.pdf')).toMatchObject({ mime: 'image/png', inline: true });
		expect(await kindOf(PDF, 'horaires.txt')).toMatchObject({
			mime: 'application/pdf',
			inline: true
		});
	});

	it('never shows an SVG or an HTML page: they download', async () => {
		expect(await kindOf(SVG, 'logo.svg')).toMatchObject({ inline: false, refused: false });
		const html = await kindOf(bytes('<!doctype html><script>alert(1)</script>'), 'page.png');
		expect(html).toMatchObject({ inline: false, refused: false });
		expect(html.mime).not.toMatch(/^image\//);
	});

	it('refuses programs, by their content or by their name', async () => {
		expect(await kindOf(ELF, 'photo.jpg')).toMatchObject({ refused: true });
		expect(await kindOf(bytes('@echo off\r\ndel *.*'), 'nettoyage.BAT')).toMatchObject({
			refused: true
		});
		expect(await kindOf(bytes('MZ'), 'setup.exe')).toMatchObject({ refused: true });
	});

	it('calls an empty or unknown file a plain download', async () => {
		expect(await kindOf(new Uint8Array(), 'vide.txt')).toEqual({
			mime: 'application/octet-stream',
			inline: false,
			refused: false
		});
	});
});
