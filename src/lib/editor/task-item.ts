import TaskItem from '@tiptap/extension-task-item';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** A short random id; collisions within one document are practically impossible. */
export function newTaskId(): string {
	const bytes = new Uint8Array(9);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
		.join('')
		.slice(0, 12);
}

/**
 * A task item with a stable `taskId`, so that a task written in meeting notes can be followed as
 * an action item: the id survives edits, moves and reloads. Ids are given to items that lack
 * one by the person who created them (local transactions only), so collaborators never race
 * to name the same item.
 */
export const TaskItemWithId = TaskItem.extend({
	addAttributes() {
		return {
			...this.parent?.(),
			taskId: {
				default: null,
				keepOnSplit: false,
				parseHTML: (element: HTMLElement) => element.getAttribute('data-task-id'),
				renderHTML: (attributes: { taskId?: string | null }) =>
					attributes.taskId ? { 'data-task-id': attributes.taskId } : {}
			}
		};
	},

	addProseMirrorPlugins() {
		const type = this.type;
		return [
			...(this.parent?.() ?? []),
			new Plugin({
				key: new PluginKey('taskItemIds'),
				appendTransaction: (transactions, _old, state) => {
					const local = transactions.some((tr) => tr.docChanged && !tr.getMeta('y-sync$'));
					if (!local) return null;
					const seen = new Set<string>();
					const tr = state.tr;
					state.doc.descendants((node, pos) => {
						if (node.type !== type) return;
						const id = node.attrs.taskId as string | null;
						// A split or pasted item may carry its original's id: the copy gets its own.
						if (!id || seen.has(id)) {
							tr.setNodeMarkup(pos, undefined, { ...node.attrs, taskId: newTaskId() });
						} else {
							seen.add(id);
						}
					});
					return tr.docChanged ? tr.setMeta('addToHistory', false) : null;
				}
			})
		];
	}
});

/**
 * A task item's own text as a person reads it, for its checkbox's accessible name: mentions as
 * "@Name" (their node has no text, so `textContent` leaves the person out), date chips as they
 * show, without the items nested in it.
 */
export function taskItemLabel(item: ProseMirrorNode): string {
	const parts: string[] = [];
	item.forEach((child) => {
		if (child.type.name === 'taskList') return;
		child.descendants((node) => {
			if (node.isText) parts.push(node.text ?? '');
			else if (node.type.name === 'mention') parts.push(`@${node.attrs.label ?? node.attrs.id}`);
			else if (node.isLeaf) parts.push(node.type.spec.leafText?.(node) ?? '');
			return !node.isLeaf;
		});
		parts.push(' ');
	});
	return parts.join('').replace(/\s+/g, ' ').trim();
}
