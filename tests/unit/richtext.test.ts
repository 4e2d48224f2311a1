import { describe, expect, it } from 'vitest';
import { escapeHtml, fromPlainText, renderHtml, safeHref, toPlainText } from '$lib/richtext/render';
import type { RichDoc, RichNode } from '$lib/richtext/types';
import { RICH_TEXT_MAX_CHARS, richTextField } from '$lib/richtext/validate';

const text = (t: string, marks?: RichNode['marks']): RichNode => ({ type: 'text', text: t, marks });
const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
const doc = (...content: RichNode[]): RichDoc => ({ type: 'doc', content });
const link = (t: string, href: unknown) => text(t, [{ type: 'link', attrs: { href } }]);

describe('renderHtml', () => {
	it('renders the blocks and marks the editor writes', () => {
		const html = renderHtml(
			doc(
				{ type: 'heading', attrs: { level: 2 }, content: [text('Objet')] },
				para(text('gras', [{ type: 'bold' }]), text(' et '), text('penché', [{ type: 'italic' }])),
				{
					type: 'bulletList',
					content: [{ type: 'listItem', content: [para(text('un'))] }]
				},
				{ type: 'orderedList', content: [{ type: 'listItem', content: [para(text('deux'))] }] },
				{ type: 'blockquote', content: [para(text('cité'))] },
				{ type: 'codeBlock', content: [text('x < y')] },
				para(text('a'), { type: 'hardBreak' }, text('b')),
				{ type: 'horizontalRule' },
				para(
					text('s', [{ type: 'strike' }]),
					text('u', [{ type: 'underline' }]),
					text('c', [{ type: 'code' }])
				)
			)
		);
		expect(html).toBe(
			'<h2>Objet</h2>' +
				'<p><strong>gras</strong> et <em>penché</em></p>' +
				'<ul><li><p>un</p></li></ul>' +
				'<ol><li><p>deux</p></li></ol>' +
				'<blockquote><p>cité</p></blockquote>' +
				'<pre><code>x &lt; y</code></pre>' +
				'<p>a<br>b</p>' +
				'<hr>' +
				'<p><s>s</s><u>u</u><code>c</code></p>'
		);
	});

	it('escapes the text', () => {
		expect(renderHtml(doc(para(text(`<script>alert("x")</script> & 'co'`))))).toBe(
			'<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>'
		);
	});

	it('escapes link targets, so an attribute cannot be closed', () => {
		const html = renderHtml(
			doc(para(link('site', 'https://ex.fr/?a=1&b="><img src=x onerror=alert(1)>')))
		);
		expect(html).toBe(
			'<p><a href="https://ex.fr/?a=1&amp;b=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" rel="noopener noreferrer nofollow ugc">site</a></p>'
		);
		expect(html).not.toContain('<img');
	});

	it.each([
		'javascript:alert(1)',
		'  JavaScript:alert(1)',
		'data:text/html;base64,PHNjcmlwdD4=',
		'vbscript:x',
		'//evil.example/',
		'/relative',
		42,
		undefined
	])('drops the link %j but keeps its text', (href) => {
		expect(renderHtml(doc(para(link('cliquez', href))))).toBe('<p>cliquez</p>');
	});

	it('keeps http, https, mailto and tel links', () => {
		for (const href of ['http://a.fr', 'https://a.fr/x', 'mailto:a@b.fr', 'tel:+33388000000']) {
			expect(renderHtml(doc(para(link('x', href))))).toContain(`<a href="${href}"`);
		}
	});

	it('keeps the text of unknown nodes and marks, not their markup', () => {
		const html = renderHtml(
			doc(
				{ type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } },
				{ type: 'iframe', content: [text('dedans')] },
				para(text('rouge', [{ type: 'textStyle', attrs: { style: 'color:red' } }]))
			)
		);
		expect(html).toBe('dedans<p>rouge</p>');
	});

	it('keeps headings between levels 2 and 4', () => {
		const heading = (level: unknown) =>
			renderHtml(doc({ type: 'heading', attrs: { level }, content: [text('T')] }));
		expect(heading(1)).toBe('<h2>T</h2>');
		expect(heading(3)).toBe('<h3>T</h3>');
		expect(heading(6)).toBe('<h4>T</h4>');
		expect(heading('"><script>')).toBe('<h2>T</h2>');
		expect(heading(undefined)).toBe('<h2>T</h2>');
	});

	it('renders nothing for no document or something else than a document', () => {
		expect(renderHtml(null)).toBe('');
		expect(renderHtml(undefined)).toBe('');
		expect(renderHtml({ type: 'paragraph' } as unknown as RichDoc)).toBe('');
	});

	it('stops at absurd depths instead of overflowing the stack', () => {
		let node: RichNode = text('fond');
		for (let i = 0; i < 5000; i++) node = { type: 'blockquote', content: [node] };
		expect(() => renderHtml(doc(node))).not.toThrow();
		expect(renderHtml(doc(node))).not.toContain('fond');
	});
});

describe('escapeHtml and safeHref', () => {
	it('escapes the five characters that matter', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
		);
	});

	it('trims a safe target and refuses the rest', () => {
		expect(safeHref('  https://a.fr  ')).toBe('https://a.fr');
		expect(safeHref('javascript:void(0)')).toBeNull();
		expect(safeHref(null)).toBeNull();
	});
});

describe('plain text', () => {
	it('makes one paragraph per line, keeping one empty line between paragraphs', () => {
		expect(fromPlainText('Un\r\n\r\n\r\nDeux\nTrois')).toEqual(
			doc(para(text('Un')), { type: 'paragraph' }, para(text('Deux')), para(text('Trois')))
		);
	});

	it('gives back the words of a document', () => {
		const rich = doc(
			{ type: 'heading', attrs: { level: 2 }, content: [text('Titre')] },
			para(text('a'), { type: 'hardBreak' }, text('b')),
			{ type: 'bulletList', content: [{ type: 'listItem', content: [para(text('point'))] }] }
		);
		expect(toPlainText(rich)).toBe('Titre\na\nb\npoint');
		expect(toPlainText(null)).toBe('');
	});
});

describe('richTextField', () => {
	const parse = (raw: string) => richTextField.safeParse(raw);
	const json = (value: unknown) => JSON.stringify(value);

	it('accepts the editor JSON as it is', () => {
		const rich = doc(
			{ type: 'heading', attrs: { level: 3 }, content: [text('Objet')] },
			para(text('lien', [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://a.fr' } }]))
		);
		expect(parse(json(rich))).toEqual({ success: true, data: rich });
	});

	it('drops unknown nodes, marks and attributes', () => {
		const posted = {
			type: 'doc',
			content: [
				{ type: 'image', attrs: { src: 'https://x/y.png' } },
				{
					type: 'paragraph',
					attrs: { onclick: 'alert(1)', class: 'x' },
					content: [
						{
							type: 'text',
							text: 'mot',
							marks: [
								{ type: 'bold', attrs: { style: 'x' } },
								{ type: 'textStyle', attrs: { color: 'red' } },
								{ type: 'link', attrs: { href: 'https://a.fr', target: '_blank', onclick: 'x' } }
							]
						},
						{ type: 'mention', attrs: { id: 'u1' } },
						{ type: 'text', text: '' }
					]
				},
				{ type: 'heading', attrs: { level: 1, id: 'h' }, content: [text('T')] }
			]
		};
		const result = parse(json(posted));
		expect(result).toEqual({
			success: true,
			data: doc(
				para(text('mot', [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://a.fr' } }])),
				{ type: 'heading', attrs: { level: 3 }, content: [text('T')] }
			)
		});
	});

	it('keeps a javascript: link in the JSON but renders it as text', () => {
		const result = parse(json(doc(para(link('x', 'javascript:alert(1)')))));
		expect(result.success).toBe(true);
		expect(renderHtml(result.data!)).toBe('<p>x</p>');
	});

	it('turns plain text into one paragraph per line', () => {
		expect(parse('Première ligne\nDeuxième <b>ligne</b>')).toEqual({
			success: true,
			data: doc(para(text('Première ligne')), para(text('Deuxième <b>ligne</b>')))
		});
	});

	it('reads text that merely looks like JSON as plain text', () => {
		expect(parse('{"type":"paragraph"}').data).toEqual(doc(para(text('{"type":"paragraph"}'))));
	});

	it.each([
		'',
		'   \n  ',
		json(doc()),
		json(doc({ type: 'paragraph' }, { type: 'horizontalRule' }))
	])('gives null for the empty text %j', (raw) => {
		expect(parse(raw)).toEqual({ success: true, data: null });
	});

	it('refuses broken editor JSON', () => {
		const result = parse('{"type":"doc","content":[');
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].message).toBe('validation.invalid');
	});

	it('refuses a document without content', () => {
		const result = parse('{"type":"doc","content":"texte"}');
		expect(result.error?.issues[0].message).toBe('validation.invalid');
	});

	it('refuses oversized input, typed or from the editor', () => {
		const typed = parse('a'.repeat(RICH_TEXT_MAX_CHARS + 1));
		expect(typed.error?.issues[0].message).toBe('validation.too_long');
		expect(parse('a'.repeat(RICH_TEXT_MAX_CHARS)).success).toBe(true);

		const paragraphs = Array.from({ length: 21 }, () => para(text('a'.repeat(1000))));
		const fromEditor = parse(json(doc(...paragraphs)));
		expect(fromEditor.error?.issues[0].message).toBe('validation.too_long');

		const raw = parse(' '.repeat(RICH_TEXT_MAX_CHARS * 10 + 1));
		expect(raw.error?.issues[0].message).toBe('validation.too_long');
	});
});
