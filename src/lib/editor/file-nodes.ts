import { mergeAttributes, Node } from '@tiptap/core';
import Image from '@tiptap/extension-image';

/**
 * Files in a document: an image shown inline, a card for any other file, and the place an
 * upload takes while it is on its way. Each names the file by its id only; what is shown is
 * read from the app's own addresses (`/fichiers/<id>`), which check the reader's rights on every
 * request. A document can therefore never show an outside address, nor a file its reader may
 * not open.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isFileId = (value: unknown): value is string =>
	typeof value === 'string' && UUID.test(value);

/** Where a file is opened or downloaded. */
export const fileHref = (id: string) => `/fichiers/${id}`;

/** What an image in a document shows: the large preview (turned upright, without its location). */
export const imageSrc = (id: string) => `/fichiers/${id}/apercu/grand`;

/** The id in one of our file addresses, or null. */
function fileIdOf(element: HTMLElement, attribute: string): string | null {
	const own = element.getAttribute('data-file-id');
	if (isFileId(own)) return own;
	const match = /^\/fichiers\/([0-9a-f-]{36})(?:\/|$|\?)/i.exec(
		element.getAttribute(attribute) ?? ''
	);
	return match && isFileId(match[1]) ? match[1] : null;
}

/** A width in pixels, or null for the image's own (at most the page's). */
function widthOf(value: unknown): number | null {
	const width = Math.round(Number(value));
	return Number.isFinite(width) && width >= 40 && width <= 4000 ? width : null;
}

/** The short type written on a file card: the name's extension ("PDF", "XLSX"), or "…". */
export function fileBadge(name: unknown): string {
	const match = /\.([a-z0-9]{1,5})$/i.exec(typeof name === 'string' ? name : '');
	return match ? match[1].toUpperCase() : '…';
}

/**
 * An image of the group's files. Its `src` is made from `fileId` (never stored as typed), its
 * width can be set by dragging its sides in the editor.
 */
export const DocumentImage = Image.extend({
	addAttributes() {
		return {
			fileId: {
				default: null,
				parseHTML: (element: HTMLElement) => fileIdOf(element, 'src'),
				renderHTML: (attributes: { fileId?: unknown }) =>
					isFileId(attributes.fileId) ? { 'data-file-id': attributes.fileId } : {}
			},
			src: {
				default: null,
				parseHTML: () => null,
				renderHTML: (attributes: { fileId?: unknown }) =>
					isFileId(attributes.fileId) ? { src: imageSrc(attributes.fileId) } : {}
			},
			alt: { default: null },
			width: {
				default: null,
				parseHTML: (element: HTMLElement) => widthOf(element.getAttribute('width')),
				renderHTML: (attributes: { width?: unknown }) => {
					const width = widthOf(attributes.width);
					return width ? { width } : {};
				}
			},
			// The editor's resizing writes a height too; the page keeps the image's proportions.
			height: { default: null, renderHTML: () => ({}) }
		};
	},
	parseHTML() {
		return [{ tag: 'img[data-file-id]' }, { tag: 'img[src^="/fichiers/"]' }];
	}
}).configure({
	resize: {
		enabled: true,
		directions: ['left', 'right'],
		minWidth: 80,
		alwaysPreserveAspectRatio: true
	}
});

export interface FileCardOptions {
	/** A size in the reader's words; bytes in figures when none is given (on the server). */
	formatSize: ((bytes: number) => string) | null;
}

/** Any other file of the group, as a card: its type, its name, its size, a link to it. */
export const FileCard = Node.create<FileCardOptions>({
	name: 'fileCard',
	group: 'block',
	atom: true,
	draggable: true,
	selectable: true,

	addOptions() {
		return { formatSize: null };
	},

	addAttributes() {
		const data = (name: string) => ({
			default: null,
			parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`),
			renderHTML: () => ({})
		});
		return {
			fileId: {
				default: null,
				parseHTML: (element: HTMLElement) => fileIdOf(element, 'href'),
				renderHTML: () => ({})
			},
			name: data('name'),
			size: {
				default: null,
				parseHTML: (element: HTMLElement) => Number(element.getAttribute('data-size')) || null,
				renderHTML: () => ({})
			}
		};
	},

	parseHTML() {
		return [{ tag: 'a.file-card[href]' }];
	},

	renderHTML({ node, HTMLAttributes }) {
		const { fileId, name, size } = node.attrs;
		const bytes = Number(size) || 0;
		return [
			'a',
			mergeAttributes(HTMLAttributes, {
				class: 'file-card',
				...(isFileId(fileId) && { href: fileHref(fileId), 'data-file-id': fileId }),
				'data-name': String(name ?? ''),
				'data-size': String(bytes)
			}),
			['span', { class: 'file-card-type', 'aria-hidden': 'true' }, fileBadge(name)],
			['span', { class: 'file-card-name' }, String(name ?? '')],
			[
				'span',
				{ class: 'file-card-size' },
				this.options.formatSize ? this.options.formatSize(bytes) : String(bytes)
			]
		];
	},

	renderText({ node }) {
		return String(node.attrs.name ?? '');
	}
});

export interface PendingUploadOptions {
	/**
	 * Draws the placeholder in the browser (the uploading tab shows its progress and problems,
	 * the others who is sending what). Without it, the placeholder is a plain line.
	 */
	view:
		((node: { uploadId: string; name: string; by: string }, dom: HTMLElement) => () => void) | null;
}

/**
 * Where a file dropped or pasted into the document goes while it is uploaded (or waits for the
 * connection): everyone sees it at once; the tab that sends the file replaces it with the image or
 * the card when the file is stored. Nothing of the file itself is in the document.
 */
export const PendingUpload = Node.create<PendingUploadOptions>({
	name: 'pendingUpload',
	group: 'block',
	atom: true,
	selectable: true,

	addOptions() {
		return { view: null };
	},

	addAttributes() {
		const data = (attribute: string, html: string) => ({
			default: '',
			parseHTML: (element: HTMLElement) => element.getAttribute(html) ?? '',
			renderHTML: (attributes: Record<string, unknown>) => ({
				[html]: String(attributes[attribute] ?? '')
			})
		});
		return {
			uploadId: data('uploadId', 'data-upload-id'),
			name: data('name', 'data-name'),
			by: data('by', 'data-by')
		};
	},

	parseHTML() {
		return [{ tag: 'div.pending-upload' }];
	},

	renderHTML({ node, HTMLAttributes }) {
		return [
			'div',
			mergeAttributes(HTMLAttributes, { class: 'pending-upload' }),
			String(node.attrs.name)
		];
	},

	addNodeView() {
		const view = this.options.view;
		if (!view) return null;
		return ({ node }) => {
			const dom = document.createElement('div');
			dom.className = 'pending-upload';
			dom.contentEditable = 'false';
			const attrs = node.attrs as { uploadId: string; name: string; by: string };
			const stop = view(attrs, dom);
			return {
				dom,
				update: (updated) =>
					updated.type === node.type && updated.attrs.uploadId === attrs.uploadId,
				destroy: stop
			};
		};
	}
});
