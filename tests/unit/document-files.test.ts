import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { jsonFromState, updateFromJson } from '$lib/richtext/content';
import { documentHtml, documentMarkdown, documentText, localiseHtml } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';

const ID = '0b6a4f0e-3c1d-4e5f-8a9b-0c1d2e3f4a5b';
const doc = (...content: RichNode[]): RichNode => ({ type: 'doc', content });
const image = (attrs: Record<string, unknown>): RichNode => ({ type: 'image', attrs });
const card = (attrs: Record<string, unknown>): RichNode => ({ type: 'fileCard', attrs });

describe('images and files in a document', () => {
	it('shows an image of the library by its preview, with its width and its words escaped', () => {
		const html = documentHtml(doc(image({ fileId: ID, alt: 'Atelier <3> "nord"', width: 320 })));
		expect(html).toBe(
			`<img src="/fichiers/${ID}/apercu/grand" alt="Atelier &lt;3&gt; &quot;nord&quot;" data-file-id="${ID}" width="320" loading="lazy">`
		);
	});

	it('never shows an address the document names itself, nor an id that is not one', () => {
		const outside = doc(
			image({ src: 'https://tracker.example/pixel.png', alt: 'x' }),
			image({ fileId: '../../admin', src: `/fichiers/${ID}/apercu/grand` }),
			card({ fileId: 'javascript:alert(1)', name: 'devis.pdf', size: 10 })
		);
		expect(documentHtml(outside)).toBe('');
		expect(documentMarkdown(outside)).toBe('\n');
	});

	it('keeps an image and a card through the Yjs state, the src made again from the id', () => {
		const json = doc(
			image({ fileId: ID, alt: 'Photo', src: 'https://tracker.example/pixel.png', width: 500 }),
			card({ fileId: ID, name: 'devis-bus.pdf', size: 1_258_291 }),
			{ type: 'pendingUpload', attrs: { uploadId: 'u1', name: 'plan.png', by: 'Claire' } }
		);
		const back = jsonFromState(updateFromJson(json));
		const html = documentHtml(back);
		expect(html).toContain(`<img src="/fichiers/${ID}/apercu/grand" alt="Photo"`);
		expect(html).not.toContain('tracker.example');
		expect(html).toContain(`<a class="file-card" href="/fichiers/${ID}"`);
		// A file on its way is for the editors only.
		expect(html).not.toContain('plan.png');
	});

	it('gives a card its type, and its size in the reader’s words', () => {
		const html = documentHtml(
			doc(card({ fileId: ID, name: 'Horaires <bus>.PDF', size: 1_258_291 }))
		);
		expect(html).toContain('<span class="file-card-type" aria-hidden="true">PDF</span>');
		expect(html).toContain('<span class="file-card-name">Horaires &lt;bus&gt;.PDF</span>');
		expect(localiseHtml(html, 'fr')).toMatch(/>1,2\s+Mo<\/span>/u);
		expect(localiseHtml(html, 'en')).toContain('>1.2 MB</span>');
	});

	it('finds a card by its name in the document’s words', () => {
		expect(documentText(doc(card({ fileId: ID, name: 'devis-autocar.pdf', size: 3 })))).toBe(
			'devis-autocar.pdf'
		);
	});

	it('links images and files to the app in Markdown, and the links read back as such', () => {
		const markdown = documentMarkdown(
			doc(
				image({ fileId: ID, alt: 'Vue [aérienne]' }),
				card({ fileId: ID, name: 'devis_(v2).pdf', size: 3 })
			),
			'fr',
			'https://hub.example'
		);
		const html = new MarkdownIt().render(markdown);
		expect(html).toContain(
			`<img src="https://hub.example/fichiers/${ID}/apercu/grand" alt="Vue aérienne">`
		);
		expect(html).toContain(`<a href="https://hub.example/fichiers/${ID}">devis_(v2).pdf</a>`);
		// Without an origin, the links stay the app's own.
		expect(documentMarkdown(doc(card({ fileId: ID, name: 'a.pdf', size: 1 })))).toBe(
			`[a.pdf](/fichiers/${ID})\n`
		);
	});
});
