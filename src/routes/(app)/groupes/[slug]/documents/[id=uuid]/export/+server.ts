import { jsonFromDoc } from '$lib/richtext/content';
import {
	documentHtml,
	documentMarkdown,
	localiseHtml,
	markdownTitle
} from '$lib/richtext/document';
import { escapeHtml } from '$lib/richtext/render';
import { inlineImages } from '$lib/server/files/inline-images';
import { withLiveDocument } from '$lib/server/live-documents';
import { publicOrigin } from '$lib/server/origin';
import { loadDocument } from '../document.server';
import type { RequestHandler } from './$types';

function filename(title: string, extension: string): string {
	const base = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\w-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
	return `${base || 'document'}.${extension}`;
}

/** The document as it is now (what its editors see), as Markdown or as a standalone HTML page. */
export const GET: RequestHandler = async (event) => {
	const { user, document } = await loadDocument(event);
	const format = event.url.searchParams.get('format') === 'html' ? 'html' : 'md';
	const json = await withLiveDocument(document.id, ({ doc }) => jsonFromDoc(doc));
	const title = escapeHtml(document.title);
	// Images travel inside the HTML page (it is read away from the app); Markdown links to them.
	const body =
		format === 'md'
			? `${markdownTitle(document.title)}\n\n${documentMarkdown(json, event.locals.locale, await publicOrigin())}`
			: `<!doctype html>\n<html lang="${event.locals.locale}">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem}.task-list{list-style:none}img{max-width:100%;height:auto}.file-card{display:block}.file-card-type{font-weight:bold;margin-right:.5rem}.file-card-size{color:#666;margin-left:.5rem}</style>\n</head>\n<body>\n<h1>${title}</h1>\n${localiseHtml(await inlineImages(user, documentHtml(json)), event.locals.locale, 'always')}\n</body>\n</html>\n`;
	return new Response(body, {
		headers: {
			'content-type': format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
			'content-disposition': `attachment; filename="${filename(document.title, format)}"`,
			'x-content-type-options': 'nosniff'
		}
	});
};
