import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import {
	documentHtml,
	documentMarkdown,
	documentTasks,
	documentText,
	localiseHtml
} from '$lib/richtext/document';
import type { RichMark, RichNode } from '$lib/richtext/types';

const text = (t: string, marks?: RichMark[]): RichNode => ({ type: 'text', text: t, marks });
const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
const heading = (level: number, t: string): RichNode => ({
	type: 'heading',
	attrs: { level },
	content: [text(t)]
});
const doc = (...content: RichNode[]): RichNode => ({ type: 'doc', content });
const link = (t: string, href: string) => text(t, [{ type: 'link', attrs: { href } }]);
const task = (taskId: string | null, checked: boolean, ...content: RichNode[]): RichNode => ({
	type: 'taskItem',
	attrs: { taskId, checked },
	content
});
const cell = (type: 'tableCell' | 'tableHeader', t: string): RichNode => ({
	type,
	content: [para(text(t))]
});
const mention = (id: string, label: string): RichNode => ({
	type: 'mention',
	attrs: { id, label }
});

/** Meeting notes as the editor writes them: every kind of block the documents use. */
const notes = doc(
	heading(1, 'Réunion du 12 mars'),
	para(
		text('Présents : '),
		mention('u1', 'Julie Fritsch'),
		text(' et '),
		text('toute', [{ type: 'bold' }]),
		text(' l’équipe, voir '),
		link('le site', 'https://maillage.example/?a=1&b=2'),
		text(' ou '),
		link('ceci', 'javascript:alert(1)')
	),
	heading(2, 'Décisions'),
	{
		type: 'bulletList',
		content: [
			{ type: 'listItem', content: [para(text('Achats groupés'))] },
			{ type: 'listItem', content: [para(text('Navette commune'))] }
		]
	},
	{
		type: 'orderedList',
		content: [
			{ type: 'listItem', content: [para(text('premier'))] },
			{ type: 'listItem', content: [para(text('second'))] }
		]
	},
	{
		type: 'taskList',
		content: [
			task('t-devis', false, para(text('Demander trois devis')), {
				type: 'taskList',
				content: [task('t-sous', true, para(text('Appeler '), mention('u2', 'Nicolas Haas')))]
			}),
			task('t-fait', true, para(text('Envoyer le compte rendu'))),
			task(null, false, para(text('Sans identifiant')))
		]
	},
	{
		type: 'table',
		content: [
			{ type: 'tableRow', content: [cell('tableHeader', 'Poste'), cell('tableHeader', 'Coût')] },
			{ type: 'tableRow', content: [cell('tableCell', 'Énergie'), cell('tableCell', '12 k€')] }
		]
	},
	{ type: 'codeBlock', content: [text('if (a < b && c > d) {}')] },
	{ type: 'blockquote', content: [para(text('Citation'))] },
	{ type: 'horizontalRule' },
	para(text('<script>alert("x")</script> & \'co\''))
);

describe('documentHtml', () => {
	const html = documentHtml(notes);

	it('renders headings, lists, tables, quotes, code and rules', () => {
		expect(html).toContain('<h1>Réunion du 12 mars</h1>');
		expect(html).toContain('<h2>Décisions</h2>');
		expect(html).toContain(
			'<ul><li><p>Achats groupés</p></li><li><p>Navette commune</p></li></ul>'
		);
		expect(html).toContain('<ol><li><p>premier</p></li><li><p>second</p></li></ol>');
		expect(html).toContain(
			'<table><tbody><tr><th><p>Poste</p></th><th><p>Coût</p></th></tr>' +
				'<tr><td><p>Énergie</p></td><td><p>12 k€</p></td></tr></tbody></table>'
		);
		expect(html).toContain('<pre><code>if (a &lt; b &amp;&amp; c &gt; d) {}</code></pre>');
		expect(html).toContain('<blockquote><p>Citation</p></blockquote>');
		expect(html).toContain('<hr>');
	});

	it('renders task items as disabled checkboxes, nested ones inside their parent', () => {
		expect(html).toContain(
			'<ul class="task-list"><li class="task-item" data-checked="false"><input type="checkbox" disabled aria-label="Demander trois devis"> <div><p>Demander trois devis</p>' +
				'<ul class="task-list"><li class="task-item" data-checked="true"><input type="checkbox" disabled checked aria-label="Appeler @Nicolas Haas"> <div><p>Appeler <span class="mention">@Nicolas Haas</span></p></div></li></ul>'
		);
	});

	it('renders mentions and marks, keeps safe links and drops javascript: ones', () => {
		expect(html).toContain('<span class="mention">@Julie Fritsch</span>');
		expect(html).toContain('<strong>toute</strong>');
		expect(html).toContain(
			'<a href="https://maillage.example/?a=1&amp;b=2" rel="noopener noreferrer nofollow ugc">le site</a>'
		);
		expect(html).not.toContain('javascript:');
		expect(html).toContain(' ou ceci</p>');
	});

	it('escapes every text, and never lets markup through', () => {
		expect(html).toContain(
			'<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>'
		);
		expect(html).not.toContain('<script');
		const hostile = documentHtml(
			doc(
				{ type: 'heading', attrs: { level: '1><img src=x onerror=alert(1)' }, content: [] },
				{ type: 'iframe', attrs: { src: 'https://evil.example' }, content: [text('gardé')] },
				{ type: 'mention', attrs: { id: 'x', label: '<img src=x onerror=alert(1)>' } },
				para(link('x', 'https://ok.example/"><script>alert(1)</script>'))
			)
		);
		expect(hostile).not.toMatch(/<img|<script|<iframe/);
		expect(hostile).toContain('<h1></h1>');
		// Unknown nodes give their content, not their markup.
		expect(hostile).toContain('gardé');
	});

	it('gives nothing for nothing, and stops at absurd nesting', () => {
		expect(documentHtml(null)).toBe('');
		expect(documentHtml(doc())).toBe('');
		let deep: RichNode = text('fond');
		for (let i = 0; i < 200; i++) deep = { type: 'blockquote', content: [deep] };
		expect(() => documentHtml(doc(deep))).not.toThrow();
		expect(documentHtml(doc(deep))).not.toContain('fond');
	});
});

describe('documentText', () => {
	it('gives one block per line, with mentions and table cells, and no markup', () => {
		expect(documentText(notes).split('\n')).toEqual([
			'Réunion du 12 mars',
			'Présents : @Julie Fritsch et toute l’équipe, voir le site ou ceci',
			'Décisions',
			'Achats groupés',
			'Navette commune',
			'premier',
			'second',
			'Demander trois devis',
			'Appeler @Nicolas Haas',
			'Envoyer le compte rendu',
			'Sans identifiant',
			'Poste',
			'Coût',
			'Énergie',
			'12 k€',
			'if (a < b && c > d) {}',
			'Citation',
			'<script>alert("x")</script> & \'co\''
		]);
		expect(documentText(null)).toBe('');
	});
});

describe('documentTasks', () => {
	it('lists every task item with an id, in order, with its own text and state', () => {
		const tasks = documentTasks(notes).map(({ id, text, checked }) => ({ id, text, checked }));
		expect(tasks).toEqual([
			{ id: 't-devis', text: 'Demander trois devis', checked: false },
			{ id: 't-sous', text: 'Appeler @Nicolas Haas', checked: true },
			{ id: 't-fait', text: 'Envoyer le compte rendu', checked: true }
		]);
		expect(documentTasks(doc(para(text('rien'))))).toEqual([]);
		expect(documentTasks(undefined)).toEqual([]);
	});
});

describe('documentMarkdown', () => {
	const markdown = documentMarkdown(notes);

	it('writes headings, lists, task lists, tables and code blocks', () => {
		expect(markdown).toContain('# Réunion du 12 mars\n');
		expect(markdown).toContain('## Décisions\n');
		expect(markdown).toContain('- Achats groupés\n- Navette commune\n');
		expect(markdown).toContain('1. premier\n2. second\n');
		expect(markdown).toContain('- [ ] Demander trois devis\n  - [x] Appeler @Nicolas Haas\n');
		expect(markdown).toContain('- [x] Envoyer le compte rendu\n- [ ] Sans identifiant\n');
		expect(markdown).toContain('| Poste | Coût |\n| --- | --- |\n| Énergie | 12 k€ |\n');
		expect(markdown).toContain('```\nif (a < b && c > d) {}\n```\n');
		expect(markdown).toContain('> Citation\n');
		expect(markdown).toContain('\n---\n');
		expect(markdown.endsWith('\n')).toBe(true);
		expect(markdown).not.toMatch(/\n{3,}/);
	});

	it('keeps safe links, drops unsafe ones, and escapes what Markdown would read as markup', () => {
		expect(markdown).toContain('[le site](https://maillage.example/?a=1&b=2)');
		expect(markdown).not.toContain('javascript:');
		expect(markdown).toContain('**toute**');
		expect(markdown).toContain('\\<script\\>alert("x")\\</script\\>');
		expect(documentMarkdown(doc(para(text('*pas* _gras_ [lien] `code` #titre'))))).toBe(
			'\\*pas\\* \\_gras\\_ \\[lien\\] \\`code\\` \\#titre\n'
		);
		expect(documentMarkdown(null)).toBe('');
	});
});

describe('documentMarkdown read back by a CommonMark reader', () => {
	// markdown-it is what many Markdown tools (and editors importing the export) read with.
	const read = (node: RichNode) => new MarkdownIt().render(documentMarkdown(node));
	const item = (...content: RichNode[]): RichNode => ({ type: 'listItem', content });
	const list = (type: string, ...items: RichNode[]): RichNode => ({ type, content: items });

	it('keeps what follows an ordered item inside it, however wide its number', () => {
		const items = Array.from({ length: 11 }, (_, i) =>
			item(para(text(`point ${i + 1}`)), list('bulletList', item(para(text(`détail ${i + 1}`)))))
		);
		const html = read(doc(list('orderedList', ...items)));
		expect(html.match(/<ol>/g)).toHaveLength(1);
		expect(html.match(/<ul>/g)).toHaveLength(11);
		expect(html).toContain('<li>point 11\n<ul>\n<li>détail 11</li>\n</ul>\n</li>\n</ol>');
	});

	it('keeps two paragraphs, a code block and a quote of one item in that item', () => {
		const html = read(
			doc(
				list(
					'bulletList',
					item(
						para(text('premier')),
						para(text('second')),
						{ type: 'codeBlock', content: [text('npm ci')] },
						{ type: 'blockquote', content: [para(text('cité'))] }
					),
					item(para(text('suivant')))
				)
			)
		);
		expect(html).toMatch(
			/^<ul>\n<li>\n<p>premier<\/p>\n<p>second<\/p>\n<pre><code>npm ci\n<\/code><\/pre>\n<blockquote>\n<p>cité<\/p>\n<\/blockquote>\n<\/li>\n<li>\n<p>suivant<\/p>\n<\/li>\n<\/ul>/
		);
	});

	it('reads a paragraph that starts like a list or a rule as the text it is', () => {
		const html = read(
			doc(
				para(text('- pas une puce')),
				para(text('1. pas un numéro')),
				para(text('+ ni ceci'), { type: 'hardBreak' }, text('2) ni cela')),
				para(text('---')),
				para(text('Titre ?'), { type: 'hardBreak' }, text('===')),
				para(text('- - -'))
			)
		);
		expect(html).toBe(
			'<p>- pas une puce</p>\n<p>1. pas un numéro</p>\n<p>+ ni ceci<br>\n2) ni cela</p>\n' +
				'<p>---</p>\n<p>Titre ?<br>\n===</p>\n<p>- - -</p>\n'
		);
	});

	it('fences code that holds backticks with more of them', () => {
		const code = 'Exemple :\n```\nnpm test\n```';
		const html = read(
			doc(
				{ type: 'codeBlock', attrs: { language: 'md' }, content: [text(code)] },
				para(
					text('lancer '),
					text('a `b` c', [{ type: 'code' }]),
					text(' puis '),
					text('`x`', [{ type: 'code' }])
				)
			)
		);
		expect(html).toContain(
			'<pre><code class="language-md">Exemple :\n```\nnpm test\n```\n</code></pre>'
		);
		expect(html).toContain('<p>lancer <code>a `b` c</code> puis <code>`x`</code></p>');
	});
});

describe('date chips', () => {
	const chip = (date: unknown): RichNode => ({ type: 'dateChip', attrs: { date } });
	const withChips = doc(
		{
			type: 'taskList',
			content: [
				task('a', false, para(text('Envoyer le devis avant le '), chip('2027-03-15'))),
				task('b', false, para(text('Appeler le 15/03 '), chip('2027-02-31'), chip('2027-05-02'))),
				task('c', false, para(text('Réserver '), chip('demain'), chip(42), { type: 'dateChip' }))
			]
		},
		para(text('Prochaine réunion : '), chip('2027-06-10'))
	);

	it('render in figures, as <time>, and give nothing for a chip whose date is not one', () => {
		const html = documentHtml(withChips);
		expect(html).toContain(
			'Envoyer le devis avant le <time class="date-chip" datetime="2027-03-15">15/03/2027</time>'
		);
		expect(html).toContain('<p>Réserver </p>');
		expect(html).not.toContain('2027-02-31');
		expect(documentText(withChips)).toContain('Prochaine réunion : 10/06/2027');
		expect(documentMarkdown(withChips)).toContain('- [ ] Envoyer le devis avant le 15/03/2027');
	});

	it('are written in the reader’s words in Markdown and in stored HTML', () => {
		expect(documentMarkdown(withChips, 'fr')).toContain('avant le 15 mars 2027');
		expect(documentMarkdown(withChips, 'en')).toContain('avant le March 15, 2027');
		const html = documentHtml(withChips);
		expect(localiseHtml(html, 'fr', 'always')).toContain(
			'<time class="date-chip" datetime="2027-06-10">10 juin 2027</time>'
		);
		expect(localiseHtml(html, 'en', 'always')).toContain('>June 10, 2027</time>');
		// Only the chips' own markup: text that looks like one is escaped, so never matched.
		const typed = documentHtml(
			doc(para(text('<time class="date-chip" datetime="2027-06-10">x</time>')))
		);
		expect(localiseHtml(typed, 'fr')).toBe(typed);
	});

	it('give a task item its due date: the first real date of its own text', () => {
		const tasks = documentTasks(withChips);
		expect(tasks.map((t) => [t.id, t.dueDate])).toEqual([
			['a', '2027-03-15'],
			['b', '2027-05-02'],
			['c', undefined]
		]);
		expect(tasks[0].text).toBe('Envoyer le devis avant le 15/03/2027');
		const nested = documentTasks(
			doc({
				type: 'taskList',
				content: [
					task('parent', false, para(text('Préparer le salon')), {
						type: 'taskList',
						content: [task('child', false, para(text('Stand '), chip('2027-09-01')))]
					})
				]
			})
		);
		expect(nested.map((t) => [t.id, t.dueDate])).toEqual([
			['parent', undefined],
			['child', '2027-09-01']
		]);
	});
});
