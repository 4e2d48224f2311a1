import { describe, expect, it } from 'vitest';
import { documentHtml } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { decisionsHtml } from '$lib/richtext/decisions';

const t = (text: string): RichNode => ({ type: 'text', text });
const p = (text: string): RichNode => ({ type: 'paragraph', content: [t(text)] });
const h = (text: string, level = 2): RichNode => ({
	type: 'heading',
	attrs: { level },
	content: [t(text)]
});
const list = (...items: string[]): RichNode => ({
	type: 'bulletList',
	content: items.map((i) => ({ type: 'listItem', content: [p(i)] }))
});
const doc = (...content: RichNode[]) => documentHtml({ type: 'doc', content });

describe('the decisions of minutes', () => {
	it('are what stands under the "Décisions" heading, up to the next heading of its level', () => {
		const html = doc(
			h('Comité', 1),
			h('Budget'),
			p('On a parlé chiffres.'),
			h('Décisions'),
			list('Lancer la navette', 'Budget voté'),
			h('Détail', 3),
			p('Vote à main levée.'),
			h('Actions'),
			p('Rien de plus.')
		);
		expect(decisionsHtml(html)).toBe(
			'<ul><li><p>Lancer la navette</p></li><li><p>Budget voté</p></li></ul><h3>Détail</h3><p>Vote à main levée.</p>'
		);
	});

	it('find the heading in English, in capitals, with marks or a colon, and at the end', () => {
		const html = documentHtml({
			type: 'doc',
			content: [
				{
					type: 'heading',
					attrs: { level: 2 },
					content: [{ type: 'text', text: 'DECISIONS :', marks: [{ type: 'bold' }] }]
				},
				p('Ship it.')
			]
		});
		expect(decisionsHtml(html)).toBe('<p>Ship it.</p>');
	});

	it('are empty when the section is the template’s blank paragraph or missing', () => {
		expect(decisionsHtml(doc(h('Décisions'), { type: 'paragraph' }, h('Actions')))).toBe('');
		expect(decisionsHtml(doc(h('Ordre du jour'), p('Décisions à venir')))).toBe('');
		expect(decisionsHtml('')).toBe('');
	});

	it('keep the escaping of the text they were cut from', () => {
		const html = doc(h('Décisions'), p('<script>alert(1)</script> & co'));
		expect(decisionsHtml(html)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>');
	});
});
