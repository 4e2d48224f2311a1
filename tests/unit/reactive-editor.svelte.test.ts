import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { ReactiveEditor } from '$lib/editor/reactive.svelte';

/** A Tiptap editor with no view (none is needed to run commands): Node has no DOM. */
const headless = (text: string) =>
	new Editor({
		element: null,
		extensions: [StarterKit],
		content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
	});

let stop = () => {};
afterEach(() => stop());

/** Runs `read` in an effect and records what it returns each time it runs. */
function follow<T>(read: () => T): T[] {
	const seen: T[] = [];
	stop = $effect.root(() => {
		$effect(() => {
			seen.push(read());
		});
	});
	flushSync();
	return seen;
}

describe('ReactiveEditor', () => {
	it('runs what reads it again after a transaction that changes the selection', () => {
		const editor = headless('Bonjour');
		const view = new ReactiveEditor(editor);
		const bold = follow(() => view.current.isActive('bold'));
		editor.commands.setTextSelection({ from: 1, to: 8 });
		editor.commands.toggleBold();
		flushSync();
		expect(bold).toEqual([false, true]);
		editor.commands.toggleBold();
		flushSync();
		expect(bold).toEqual([false, true, false]);
	});

	it('follows the content as it changes', () => {
		const editor = headless('Un');
		const view = new ReactiveEditor(editor);
		const text = follow(() => view.current.getText());
		editor.commands.insertContentAt(3, { type: 'text', text: ' deux' });
		flushSync();
		expect(text).toEqual(['Un', 'Un deux']);
	});

	it('listens to the editor only while something reads it', () => {
		const editor = headless('Trois');
		let listening = 0;
		const view = new ReactiveEditor({
			on: (event, listener) => (listening++, editor.on(event, listener)),
			off: (event, listener) => (listening--, editor.off(event, listener))
		} as Pick<Editor, 'on' | 'off'>);
		void view.current;
		expect(listening).toBe(0);
		follow(() => view.current);
		expect(listening).toBe(1);
		stop();
		flushSync();
		expect(listening).toBe(0);
	});

	it('tracks nothing when the editor is read for commands', () => {
		const editor = headless('Quatre');
		const view = new ReactiveEditor(editor);
		const runs = follow(() => view.editor.getText());
		editor.commands.insertContentAt(1, { type: 'text', text: 'x' });
		flushSync();
		expect(runs).toEqual(['Quatre']);
	});
});
