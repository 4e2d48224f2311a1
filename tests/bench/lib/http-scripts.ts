// The JavaScript a page of bench:http makes the browser load, read from the build.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript a page makes the browser load: SvelteKit's entry files, the page's own nodes
 * (`node_ids` in its HTML: the layouts and the page) and everything they import, gzipped as a
 * server would send them; and, apart, what they import lazily (`import()`, loaded when needed).
 * `editor` says whether Tiptap/ProseMirror is among them.
 */
export function shippedScripts(root: string, html: string) {
	const client = join(root, 'build', 'client');
	const immutable = join(client, '_app', 'immutable');
	/** A path of the page (./_app/…, ../../_app/…) as a file of the build. */
	const fromPage = (path: string) => join(client, path.replace(/^(\.\.?\/)+/, ''));
	/** Every file reachable from `entries` by static imports, with the dynamic imports met. */
	const walk = (entries: string[], seen: Set<string>) => {
		const queue = [...entries];
		const lazy = [] as string[];
		let gzip = 0;
		let editor = false;
		while (queue.length) {
			const file = queue.shift() as string;
			if (seen.has(file)) continue;
			seen.add(file);
			const code = readFileSync(file);
			gzip += gzipSync(code).byteLength;
			const text = code.toString();
			// ProseMirror's own class names: the editor, whatever its chunk is called.
			if (/ProseMirror-(focused|hideselection|separator)/.test(text)) editor = true;
			for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
				queue.push(join(dirname(file), m[1]));
			}
			for (const m of text.matchAll(/import\(\s*["`](\.{1,2}\/[^"`]+\.js)["`]\s*\)/g)) {
				lazy.push(join(dirname(file), m[1]));
			}
		}
		return { gzip, editor, lazy };
	};
	const entries = [...html.matchAll(/import\("((?:\.\.?\/)+_app\/[^"]+\.js)"\)/g)].map((m) =>
		fromPage(m[1])
	);
	const ids =
		html
			.match(/node_ids:\s*\[([\d,\s]+)\]/)?.[1]
			.split(',')
			.map((n) => n.trim()) ?? [];
	const nodes = readdirSync(join(immutable, 'nodes'));
	for (const id of ids) {
		const node = nodes.find((f) => f.startsWith(`${id}.`) && f.endsWith('.js'));
		if (node) entries.push(join(immutable, 'nodes', node));
	}
	// The entry files list every node as a lazy import: only this page's count.
	const seen = new Set<string>();
	const atOnce = walk(entries, seen);
	const ownLazy = atOnce.lazy.filter((f) => !f.includes(`${join('immutable', 'nodes')}`));
	const later = walk(ownLazy, seen);
	return {
		gzip: atOnce.gzip,
		editor: atOnce.editor,
		lazyGzip: later.gzip,
		lazyEditor: later.editor
	};
}
