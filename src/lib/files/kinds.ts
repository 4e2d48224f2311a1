import File from '@lucide/svelte/icons/file';
import FileArchive from '@lucide/svelte/icons/file-archive';
import FileAudio from '@lucide/svelte/icons/file-music';
import FileImage from '@lucide/svelte/icons/file-image';
import FileSpreadsheet from '@lucide/svelte/icons/file-spreadsheet';
import FileText from '@lucide/svelte/icons/file-text';
import FileVideo from '@lucide/svelte/icons/file-play';
import Presentation from '@lucide/svelte/icons/presentation';
import type { LucideIcon } from '@lucide/svelte';

/** The icons files are shown with, by kind. */
export const KIND_ICONS = {
	image: FileImage,
	video: FileVideo,
	audio: FileAudio,
	text: FileText,
	spreadsheet: FileSpreadsheet,
	presentation: Presentation,
	archive: FileArchive,
	other: File
} satisfies Record<string, LucideIcon>;

/** A file's kind, from the type detected in its content: which icon it is shown with. */
export function kindOf(mime: string): keyof typeof KIND_ICONS {
	if (mime.startsWith('image/')) return 'image';
	if (mime.startsWith('video/')) return 'video';
	if (mime.startsWith('audio/')) return 'audio';
	if (mime === 'application/pdf' || mime.includes('wordprocessing') || mime.endsWith('.text'))
		return 'text';
	if (mime.includes('spreadsheet') || mime.includes('excel')) return 'spreadsheet';
	if (mime.includes('presentation') || mime.includes('powerpoint')) return 'presentation';
	if (/zip|x-7z|x-rar|x-tar|gzip|bzip2|x-xz/.test(mime)) return 'archive';
	return 'other';
}

/** The icon a file is shown with, from the type detected in its content. */
export const iconFor = (mime: string): LucideIcon => KIND_ICONS[kindOf(mime)];

/** Types the server makes smaller images of (every image but SVG, which is never decoded). */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** Whether a file of this type is an image shown by a smaller image of itself. */
export const previewable = (mime: string) => PREVIEWABLE.has(mime);

/**
 * Whether the server draws a small image of a file of this type: an image, or a PDF's first
 * page. An image goes into a document as an image; a PDF stays a file, shown by its first page.
 */
export const thumbnailed = (mime: string) => previewable(mime) || mime === 'application/pdf';
