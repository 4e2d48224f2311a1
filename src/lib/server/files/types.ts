import { fileTypeFromBuffer } from 'file-type';
import { extensionOf } from './names';

// What a file is, read from its first bytes (file-type), never from its name or from what the
// browser said: whether it may be shown in a page, or must be downloaded, or is refused.

/** How many first bytes the type is read from (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

/** Shown in the browser (a tab of their own, under a sandboxing CSP); every other type downloads. */
const INLINE = new Set([
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'image/avif',
	'application/pdf'
]);

/** Programs: refused whatever their name says. */
const PROGRAMS = new Set([
	'application/x-msdownload',
	'application/x-elf',
	'application/x-mach-binary',
	'application/x-msi',
	'application/vnd.microsoft.portable-executable',
	'application/x-executable',
	'application/x-sharedlib',
	'application/vnd.android.package-archive'
]);

/** Scripts and programs by name: text or archives the sniffing cannot tell from others. */
const PROGRAM_EXTENSIONS = new Set([
	'exe',
	'com',
	'scr',
	'msi',
	'bat',
	'cmd',
	'ps1',
	'vbs',
	'vbe',
	'jse',
	'wsf',
	'hta',
	'cpl',
	'jar',
	'apk',
	'app',
	'dmg',
	'sh'
]);

export interface FileKind {
	/** The type detected, or `application/octet-stream` when the content says nothing. */
	mime: string;
	/** Whether a browser may show it (images but SVG, PDF); else it is sent as a download. */
	inline: boolean;
	/** A program or a script: not kept. */
	refused: boolean;
}

/** What the file whose first bytes are `head` and whose name is `name` is. */
export async function kindOf(head: Uint8Array, name: string): Promise<FileKind> {
	const found = head.length ? await fileTypeFromBuffer(head) : undefined;
	const mime = found?.mime ?? 'application/octet-stream';
	return {
		mime,
		inline: INLINE.has(mime),
		refused: PROGRAMS.has(mime) || PROGRAM_EXTENSIONS.has(extensionOf(name))
	};
}
