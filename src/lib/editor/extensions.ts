import type { AnyExtension } from '@tiptap/core';
import Mention from '@tiptap/extension-mention';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import TaskList from '@tiptap/extension-task-list';
import StarterKit from '@tiptap/starter-kit';
import { DateChip, type DateChipOptions } from './date-chip';
import {
	DocumentImage,
	FileCard,
	type FileCardOptions,
	PendingUpload,
	type PendingUploadOptions
} from './file-nodes';
import { taskItemLabel, TaskItemWithId } from './task-item';

/**
 * The document schema, shared by the browser's editor and by the server (which builds documents
 * from templates and reads them back to derive text, HTML and task items). Collaboration itself
 * is added by the editor; with it, Yjs's undo replaces the starter kit's.
 */
export function documentExtensions(
	options: {
		collaborative?: boolean;
		/** The accessible name of a task item's checkbox, in the interface's language. */
		taskLabel?: (text: string) => string;
		/** How date chips read and what a click on one does, in the browser. */
		dateChip?: Partial<DateChipOptions>;
		/** How file cards give sizes and uploads on their way are drawn, in the browser. */
		fileCard?: Partial<FileCardOptions>;
		pendingUpload?: Partial<PendingUploadOptions>;
	} = {}
): AnyExtension[] {
	const { taskLabel } = options;
	return [
		StarterKit.configure({
			undoRedo: options.collaborative ? false : undefined,
			heading: { levels: [1, 2, 3, 4] },
			link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] }
		}),
		TaskList,
		TaskItemWithId.configure({
			nested: true,
			// Without it, Tiptap names every checkbox in English ("Task item checkbox for …").
			...(taskLabel && { a11y: { checkboxLabel: (node) => taskLabel(taskItemLabel(node)) } })
		}),
		Table.configure({ resizable: false }),
		TableRow,
		TableHeader,
		TableCell,
		Mention.configure({ HTMLAttributes: { class: 'mention' } }),
		DateChip.configure(options.dateChip ?? {}),
		DocumentImage,
		FileCard.configure(options.fileCard ?? {}),
		PendingUpload.configure(options.pendingUpload ?? {})
	];
}

/** The Yjs field the editor binds to (Tiptap's default). */
export const DOCUMENT_FIELD = 'default';
