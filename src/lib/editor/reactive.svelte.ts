import type { Editor } from '@tiptap/core';
import { createSubscriber } from 'svelte/reactivity';

/** What the wrapper needs of a Tiptap editor: its events. */
type Emitter = Pick<Editor, 'on' | 'off'>;

/**
 * The one way the interface follows a Tiptap editor, whose state lives outside Svelte: what
 * reads `current` (a template, a `$derived`, an effect) runs again after every transaction,
 * content or selection alike, so that pressed buttons follow the caret. The editor is listened
 * to only while something reads it.
 */
export class ReactiveEditor<E extends Emitter = Editor> {
	readonly #subscribe: () => void;

	/** The editor itself, for commands: reading it tracks nothing. */
	readonly editor: E;

	constructor(editor: E) {
		this.editor = editor;
		this.#subscribe = createSubscriber((update) => {
			editor.on('transaction', update);
			return () => {
				editor.off('transaction', update);
			};
		});
	}

	/** The editor, read as state that changes with every transaction. */
	get current(): E {
		this.#subscribe();
		return this.editor;
	}
}
