import { describe, expect, it } from 'vitest';
import { renderHtml } from '$lib/richtext/render';
import { richTextOf } from '$lib/richtext/validate';

// Known payloads fed through a message body the two ways it can arrive (the editor's JSON, or
// plain text typed without JavaScript), then rendered as every reader's browser receives it.

const PAYLOADS = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<svg onload=alert(1)>',
	'"><iframe src="javascript:alert(1)"></iframe>',
	"<a href='javascript:alert(1)'>clic</a>",
	'<div style="background:url(javascript:alert(1))">x</div>',
	'{{constructor.constructor("alert(1)")()}}',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'&lt;script&gt;alert(1)&lt;/script&gt;'
];

const field = richTextOf(50_000);

const TAGS = new Set(['p', 'strong', 'em', 's', 'u', 'code', 'a', 'blockquote', 'ul', 'ol', 'li']);
for (const tag of ['pre', 'br', 'hr', 'h2', 'h3', 'h4', 'span']) TAGS.add(tag);
const ATTRIBUTES: Record<string, string[]> = {
	a: ['href', 'rel'],
	span: ['class', 'data-person']
};

/**
 * Nothing that could run. Text is always escaped (no raw `<` or `"` in it), so every `<` of the
 * output opens one of our tags and every attribute value is double-quoted: each tag and each
 * attribute can be checked against the whitelist.
 */
function assertHarmless(html: string) {
	for (const [, name, rest] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
		const tag = name.toLowerCase();
		expect(TAGS.has(tag), `unexpected <${tag}> in ${html}`).toBe(true);
		const attributes = [...rest.matchAll(/\s([^\s=]+)="([^"]*)"/g)];
		// Whatever is not a well-formed, whitelisted attribute is a failure.
		expect(rest.replace(/\s([^\s=]+)="([^"]*)"/g, '').trim()).toBe('');
		for (const [, attribute, value] of attributes) {
			expect(ATTRIBUTES[tag] ?? [], `attribute ${attribute} on <${tag}>`).toContain(attribute);
			if (attribute === 'href') expect(value).toMatch(/^(https?:|mailto:|tel:)/);
		}
	}
	// The only `<` are those of tags: a text `<` would have been escaped.
	expect(html.replace(/<\/?[a-zA-Z0-9]+[^>]*>/g, '')).not.toMatch(/[<>]/);
}

describe('message bodies never carry markup a person typed', () => {
	it.each(PAYLOADS)('escapes %s typed as text', (payload) => {
		const doc = field.parse(payload);
		const html = renderHtml(doc);
		assertHarmless(html);
		if (payload.includes('<')) expect(html).toContain('&lt;');
	});

	it.each(PAYLOADS)('escapes %s inside the editor’s JSON', (payload) => {
		const json = JSON.stringify({
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: payload }] },
				{
					type: 'paragraph',
					content: [{ type: 'mention', attrs: { id: payload, label: payload } }]
				}
			]
		});
		assertHarmless(renderHtml(field.parse(json)));
	});

	it('drops unknown nodes, attributes and unsafe links from crafted JSON', () => {
		const json = JSON.stringify({
			type: 'doc',
			content: [
				{ type: 'html', content: [{ type: 'text', text: '<script>x</script>' }] },
				{ type: 'image', attrs: { src: 'javascript:alert(1)' } },
				{
					type: 'paragraph',
					attrs: { onclick: 'alert(1)', style: 'color:red' },
					content: [
						{
							type: 'text',
							text: 'lien',
							marks: [
								{ type: 'link', attrs: { href: 'javascript:alert(1)', onclick: 'x' } },
								{ type: 'script' }
							]
						},
						{
							type: 'mention',
							attrs: {
								id: '00000000-0000-4000-8000-000000000000',
								label: '<b onmouseover=alert(1)>'
							}
						}
					]
				},
				{
					type: 'heading',
					attrs: { level: '1 onclick=alert(1)' },
					content: [{ type: 'text', text: 'T' }]
				}
			]
		});
		const html = renderHtml(field.parse(json));
		assertHarmless(html);
		expect(html).toContain('lien');
		expect(html).toContain('@&lt;b onmouseover=alert(1)&gt;');
	});

	it('keeps safe links and mentions', () => {
		const json = JSON.stringify({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{
							type: 'text',
							text: 'voir',
							marks: [{ type: 'link', attrs: { href: 'https://example.org/a?b=1&c="2"' } }]
						},
						{
							type: 'mention',
							attrs: { id: '00000000-0000-4000-8000-000000000000', label: 'Marie' }
						}
					]
				}
			]
		});
		const html = renderHtml(field.parse(json));
		expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;"');
		expect(html).toContain(
			'<span class="mention" data-person="00000000-0000-4000-8000-000000000000">@Marie</span>'
		);
	});
});
