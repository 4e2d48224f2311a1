import type { LucideIcon } from '@lucide/svelte';
import type { Editor } from '@tiptap/core';
import type { MessageKey } from '$lib/i18n';

/** One button of a formatting toolbar. */
export interface Tool {
	key: string;
	label: MessageKey;
	icon: LucideIcon;
	/** The editor's own shortcut for it, as people read it ("Ctrl+B"; Cmd on a Mac). */
	shortcut?: string;
	run: () => void;
	/**
	 * Whether the selection is in what the tool toggles: the button then reads as pressed. Reads
	 * the editor through a `ReactiveEditor`, so the button follows the selection.
	 */
	active?: () => boolean;
	/** Kept in the one row of a phone's toolbar; the others move to its "Plus" menu. */
	primary?: boolean;
}

/** Buttons shown together, with a separator between groups. */
export type ToolGroups = Tool[][];

/**
 * Removes the link at the selection, or asks for an address and links the selection to it.
 * Only web and e-mail addresses are accepted: a `javascript:` link would run in readers' pages.
 */
export function toggleLink(editor: Editor, prompt: string) {
	if (editor.isActive('link')) {
		editor.chain().focus().unsetLink().run();
		return;
	}
	const href = window.prompt(prompt, 'https://')?.trim();
	if (href && /^(https?:|mailto:)/i.test(href)) {
		editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
	}
}
