import { mergeAttributes, Node } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { NodeSelection } from '@tiptap/pm/state';
import { isIsoDate, numericDay } from '$lib/dates';

export interface DateChipOptions {
	/** The date in the reader's words ("15 mars"); figures when none is given (on the server). */
	format: ((iso: string) => string) | null;
	/** What a chip whose attribute is not a date shows, so that it can be seen and fixed. */
	invalidLabel: string;
	/**
	 * Asked to change the chip at `pos`: on a click on it, or Enter while it is selected. Only
	 * while the document is editable.
	 */
	onEdit: ((pos: number) => void) | null;
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		dateChip: {
			/** Inserts a date chip (and a space after it) at the selection. */
			insertDateChip: (date: string) => ReturnType;
			/** Gives the chip at `pos` another date. */
			setDateChip: (pos: number, date: string) => ReturnType;
		};
	}
}

/**
 * A date as a small chip inside the text: `date` holds a calendar day (YYYY-MM-DD) and the chip
 * shows it in the reader's words. In a task item, it is the action's due date. A chip whose
 * attribute is not a date is kept as it is, shown as such, and ignored by everything that reads
 * dates.
 */
export const DateChip = Node.create<DateChipOptions>({
	name: 'dateChip',
	group: 'inline',
	inline: true,
	atom: true,
	selectable: true,

	addOptions() {
		return { format: null, invalidLabel: '?', onEdit: null };
	},

	addAttributes() {
		return {
			date: {
				default: null,
				parseHTML: (element: HTMLElement) => element.getAttribute('datetime'),
				renderHTML: (attributes: { date?: unknown }) =>
					isIsoDate(attributes.date) ? { datetime: attributes.date } : {}
			}
		};
	},

	parseHTML() {
		return [{ tag: 'time.date-chip' }];
	},

	renderHTML({ node, HTMLAttributes }) {
		return [
			'time',
			mergeAttributes({ class: 'date-chip' }, HTMLAttributes),
			label(node, this.options)
		];
	},

	renderText({ node }) {
		return label(node, this.options);
	},

	// The chip's words count as the item's text (the checkbox's accessible name reads them).
	extendNodeSchema(extension) {
		return extension.name === 'dateChip'
			? { leafText: (node: ProseMirrorNode) => label(node, extension.options as DateChipOptions) }
			: {};
	},

	addCommands() {
		return {
			insertDateChip:
				(date) =>
				({ commands }) =>
					isIsoDate(date) &&
					commands.insertContent([
						{ type: this.name, attrs: { date } },
						{ type: 'text', text: ' ' }
					]),
			setDateChip:
				(pos, date) =>
				({ tr, state, dispatch }) => {
					if (!isIsoDate(date) || state.doc.nodeAt(pos)?.type.name !== this.name) return false;
					if (dispatch) tr.setNodeMarkup(pos, undefined, { date });
					return true;
				}
		};
	},

	addKeyboardShortcuts() {
		return {
			Enter: ({ editor }) => {
				const { selection } = editor.state;
				const chosen = selection instanceof NodeSelection && selection.node.type.name === this.name;
				if (!chosen || !this.options.onEdit || !editor.isEditable) return false;
				this.options.onEdit(selection.from);
				return true;
			}
		};
	},

	addNodeView() {
		return ({ node, getPos, editor }) => {
			const dom = document.createElement('time');
			dom.className = 'date-chip';
			const draw = (current: ProseMirrorNode) => {
				const date = current.attrs.date;
				dom.textContent = label(current, this.options);
				dom.classList.toggle('invalid', !isIsoDate(date));
				if (isIsoDate(date)) dom.dateTime = date;
				else dom.removeAttribute('datetime');
			};
			draw(node);
			dom.addEventListener('click', (event) => {
				const pos = getPos();
				if (!editor.isEditable || typeof pos !== 'number' || !this.options.onEdit) return;
				event.preventDefault();
				editor.commands.setNodeSelection(pos);
				this.options.onEdit(pos);
			});
			return {
				dom,
				update: (updated) => {
					if (updated.type !== node.type) return false;
					draw(updated);
					return true;
				}
			};
		};
	}
});

function label(node: ProseMirrorNode, options: DateChipOptions): string {
	const date = node.attrs.date;
	if (!isIsoDate(date)) return options.invalidLabel;
	return options.format ? options.format(date) : numericDay(date);
}
