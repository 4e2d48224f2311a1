import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export interface FileDropOptions {
	/** Files dropped at `pos`, or pasted at the selection (`pos` undefined). */
	onFiles: ((files: File[], pos?: number) => void) | null;
}

/**
 * Files dropped on the document or pasted into it go to `onFiles` instead of the browser (which
 * would open them) or ProseMirror (which would paste an image's outside address). A paste that
 * also carries text (a copy from a word processor brings a picture of itself along) is pasted as
 * text.
 */
export const FileDrop = Extension.create<FileDropOptions>({
	name: 'fileDrop',

	addOptions() {
		return { onFiles: null };
	},

	addProseMirrorPlugins() {
		const onFiles = this.options.onFiles;
		if (!onFiles) return [];
		return [
			new Plugin({
				key: new PluginKey('fileDrop'),
				props: {
					handleDrop: (view, event, _slice, moved) => {
						const files = [...(event.dataTransfer?.files ?? [])];
						if (moved || files.length === 0 || !view.editable) return false;
						event.preventDefault();
						const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
						onFiles(files, at?.pos);
						return true;
					},
					handlePaste: (view, event) => {
						const data = event.clipboardData;
						const files = [...(data?.files ?? [])];
						if (files.length === 0 || !view.editable) return false;
						if (data?.getData('text/plain').trim()) return false;
						event.preventDefault();
						onFiles(files);
						return true;
					}
				}
			})
		];
	}
});
