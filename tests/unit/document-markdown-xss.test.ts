import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { documentMarkdown, markdownTitle } from '$lib/richtext/document';
import type { RichMark, RichNode } from '$lib/richtext/types';

// The Markdown export read back as a CommonMark renderer with raw HTML enabled reads it (an
// editor previewing it, a wiki importing it): nothing a person typed may become an element or
// a Markdown construct, and every word must read back as it was typed.

const reader = new MarkdownIt({ html: true });

const PAYLOADS = [
	'<img src=x onerror=alert(1)>',
	'<script>alert(1)</script>',
	'"><iframe src="javascript:alert(1)"></iframe>',
	"<a href='javascript:alert(1)'>clic</a>",
	'<div style="background:url(javascript:alert(1))">x</div>',
	'&lt;img src=x onerror=alert(1)&gt; &amp; &#60;b&#62; &#x3C;i&#x3E; &copy;',
	'[lien](javascript:alert(1)) ![image](https://evil.test/x.png) [ref]',
	'<https://evil.test> <evil@evil.test> <!-- commentaire --> <?php ?> <![CDATA[x]]>',
	'*a* _b_ **c** __d__ ~~e~~ ~f~ `g` ``h`` \\*i\\* \\<j> a\\',
	'| x | y | :--- | <br> |',
	'Dupont & fils, 3 < 4 > 2, 100 % sûr'
];

/** Text that starts a line, each written to be read as a block of its own. */
const LINE_STARTS = [
	'# titre',
	'> citation',
	'- puce',
	'+ puce',
	'* puce',
	'1. numéro',
	'1) numéro',
	'```js',
	'~~~',
	'<div>',
	'<img src=x onerror=alert(1)>',
	'---',
	'***',
	'___',
	'===',
	'| a | b |',
	'[ref]: https://evil.test',
	'[^note]: note',
	'\\'
];

const HREFS = [
	'https://evil.test/)<img src=x onerror=alert(1)>',
	'https://evil.test/"onmouseover="alert(1)',
	'https://evil.test/ <script>alert(1)</script>',
	'https://evil.test/?a=1&lt;img&gt;&amp;b=2&c=3',
	'https://evil.test/a\\b`c`*d*_e_[f](g)',
	'https://evil.test/100%sûr',
	'https://evil.test/\n\n<img src=x onerror=alert(1)>'
];

const UNSAFE_HREFS = ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>'];

/**
 * A document that holds `say(payload)` wherever a person's words go: the real document holds
 * the payloads, its twin a plain word in their place (`say` records which).
 */
function hostileDocument(say: (typed: string) => string, link: (href: string) => string) {
	const text = (typed: string, marks?: RichMark[]): RichNode => ({
		type: 'text',
		text: say(typed),
		marks
	});
	const space: RichNode = { type: 'text', text: ' ' };
	const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
	const mention = (typed: string): RichNode => ({
		type: 'mention',
		attrs: { id: 'u1', label: say(typed) }
	});
	const marked = (typed: string) =>
		[
			[{ type: 'bold' }],
			[{ type: 'italic' }],
			[{ type: 'strike' }],
			[{ type: 'bold' }, { type: 'italic' }],
			[{ type: 'code' }]
		].flatMap((marks) => [space, text(typed, marks)]);
	const cell = (type: string, ...content: RichNode[]): RichNode => ({
		type,
		content: [para(...content)]
	});
	const item = (type: string, ...content: RichNode[]): RichNode => ({
		type,
		attrs: { checked: false, taskId: 't' },
		content
	});
	const everything = PAYLOADS.flatMap((p) => [
		para(text(p), space, mention(p), ...marked(p)),
		{ type: 'heading', attrs: { level: 2 }, content: [text(p), space, mention(p)] }
	]);
	return {
		type: 'doc',
		content: [
			...everything,
			para(...LINE_STARTS.flatMap((p) => [text(p), { type: 'hardBreak' }]), text('fin')),
			...LINE_STARTS.map((p) => para(text(p))),
			...LINE_STARTS.map((p) => para(mention(p))),
			para(
				...[...HREFS, ...UNSAFE_HREFS].flatMap((href, i) => [
					text(`${PAYLOADS[i % PAYLOADS.length]}`, [{ type: 'link', attrs: { href: link(href) } }]),
					space
				])
			),
			{
				type: 'table',
				content: [
					{
						type: 'tableRow',
						content: PAYLOADS.slice(0, 4).map((p) => cell('tableHeader', text(p)))
					},
					...PAYLOADS.map((p) => ({
						type: 'tableRow',
						content: [
							cell('tableCell', text(p)),
							cell('tableCell', mention(p)),
							cell('tableCell', text(p, [{ type: 'code' }])),
							cell('tableCell', text(p, [{ type: 'bold' }]))
						]
					}))
				]
			},
			...(['bulletList', 'orderedList', 'taskList'] as const).map((list) => ({
				type: list,
				content: LINE_STARTS.map((p) =>
					item(list === 'taskList' ? 'taskItem' : 'listItem', para(text(p), space, mention(p)))
				)
			})),
			{
				type: 'blockquote',
				content: LINE_STARTS.map((p) => para(text(p)))
			},
			{
				type: 'codeBlock',
				attrs: { language: 'js"><img src=x onerror=alert(1)>' },
				content: [text(PAYLOADS.join('\n'))]
			}
		]
	} satisfies RichNode;
}

/** The document and its twin, and the payload each plain word of the twin stands for. */
function pair() {
	const typed: string[] = [];
	const real = hostileDocument(
		(t) => t,
		(h) => h
	);
	const twin = hostileDocument(
		(t) => `zz${typed.push(t) - 1}zz`,
		(h) => (h.startsWith('https:') ? 'https://ok.test/' : 'javascript:void(0)')
	);
	return { real, twin, typed };
}

const flat = (tokens: Token[]): Token[] => tokens.flatMap((t) => [t, ...flat(t.children ?? [])]);

/** The elements the reader builds, in order, without their text: the document's structure. */
const shape = (tokens: Token[]) =>
	flat(tokens)
		.filter((t) => t.tag || t.type.startsWith('html'))
		.map((t) => `${t.type}:${t.tag}:${t.nesting}`);

/** The words of each block as a reader sees them, lines trimmed as Markdown trims them. */
const words = (tokens: Token[]) =>
	tokens
		.filter((t) => ['inline', 'fence', 'code_block'].includes(t.type))
		.map((t) =>
			(t.type === 'inline'
				? (t.children ?? [])
						.map((c) => (['softbreak', 'hardbreak'].includes(c.type) ? '\n' : c.content))
						.join('')
				: t.content.replace(/\n$/, '')
			)
				.split('\n')
				.map((line) => line.trim())
				.join('\n')
		);

describe('the Markdown export read back with raw HTML enabled', () => {
	const { real, twin, typed } = pair();
	const markdown = documentMarkdown(real);
	const tokens = reader.parse(markdown, {});

	it('holds no HTML a person typed, in any text, label, link, cell or code', () => {
		const html = flat(tokens).filter((t) => t.type.startsWith('html'));
		expect(html.map((t) => t.content)).toEqual([]);
		const rendered = reader.render(markdown);
		expect(rendered).not.toMatch(/<(img|script|iframe|div|a href='|!--|\?php|!\[CDATA)/i);
		expect(rendered).not.toMatch(/href="(?!https:\/\/evil\.test\/)/);
	});

	it('builds exactly the elements of the same document holding plain words', () => {
		expect(shape(tokens)).toEqual(shape(reader.parse(documentMarkdown(twin), {})));
	});

	it('reads every text, label, cell and line back as it was typed', () => {
		const expected = words(reader.parse(documentMarkdown(twin), {})).map((w) =>
			w.replace(/zz(\d+)zz/g, (_, i: string) => typed[Number(i)])
		);
		expect(words(tokens)).toEqual(expected);
	});

	it('keeps each safe link target as typed, never one that can run, never a second link', () => {
		const links = flat(tokens).filter((t) => t.type === 'link_open');
		expect(links.map((l) => decodeURIComponent(l.attrGet('href') ?? ''))).toEqual(HREFS);
		expect(flat(tokens).filter((t) => t.type === 'image')).toEqual([]);
	});

	it('escapes the title as one heading of text', () => {
		for (const title of [...PAYLOADS, ...LINE_STARTS, 'Réunion\n\n<img src=x onerror=alert(1)>']) {
			const read = reader.parse(`${markdownTitle(title)}\n\n${documentMarkdown(null)}`, {});
			expect(shape(read)).toEqual(['heading_open:h1:1', 'heading_close:h1:-1']);
			expect(words(read)).toEqual([title.replace(/\n/g, ' ').trim()]);
		}
	});
});

describe('the Markdown export of text that breaks lines', () => {
	const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
	const text = (t: string, marks?: RichMark[]): RichNode => ({ type: 'text', text: t, marks });
	const read = (node: RichNode) => reader.parse(documentMarkdown(node), {});
	const attack = 'a\n\n<img src=x onerror=alert(1)>\r<script>alert(1)</script>\r\n    code';

	it('keeps line breaks stored in text, labels and code inside their block', () => {
		const tokens = read({
			type: 'doc',
			content: [
				{
					type: 'bulletList',
					content: [
						{
							type: 'listItem',
							content: [
								para(text(attack), text(attack, [{ type: 'code' }])),
								{ type: 'heading', attrs: { level: 3 }, content: [text(attack)] },
								para({ type: 'mention', attrs: { id: 'u', label: attack } }),
								{ type: 'codeBlock', content: [text(attack)] },
								para(text('  '), { type: 'hardBreak' }, { type: 'hardBreak' }, text(attack))
							]
						}
					]
				}
			]
		});
		expect(flat(tokens).filter((t) => t.type.startsWith('html'))).toEqual([]);
		expect(shape(tokens).filter((s) => !/^(paragraph|inline|text|softbreak)/.test(s))).toEqual([
			'bullet_list_open:ul:1',
			'list_item_open:li:1',
			'code_inline:code:0',
			'heading_open:h3:1',
			'heading_close:h3:-1',
			'fence:code:0',
			'hardbreak:br:0',
			'hardbreak:br:0',
			'list_item_close:li:-1',
			'bullet_list_close:ul:-1'
		]);
		const fence = flat(tokens).find((t) => t.type === 'fence');
		expect(fence?.content).toBe(attack.replace(/\r\n?/g, '\n') + '\n');
	});

	it('writes a link target that holds spaces, parentheses or line breaks as one target', () => {
		const href = 'https://evil.test/a b)\n\n[x](javascript:alert(1))';
		const tokens = read({
			type: 'doc',
			content: [para(text('lien', [{ type: 'link', attrs: { href } }]))]
		});
		const links = flat(tokens).filter((t) => t.type === 'link_open');
		expect(links.map((l) => decodeURIComponent(l.attrGet('href') ?? ''))).toEqual([href]);
		expect(words(tokens)).toEqual(['lien']);
	});
});
