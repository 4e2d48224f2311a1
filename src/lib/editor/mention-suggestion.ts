import type { SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';

export interface MentionPerson {
	id: string;
	label: string;
	/** Where the person works, shown under their name. */
	detail: string;
	/** Group members come first. */
	member: boolean;
}

const normalise = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

/**
 * The @-mention picker: people whose name starts with (or contains) what follows the @, group
 * members first, as an accessible listbox under the caret.
 */
export function mentionSuggestion(
	people: MentionPerson[],
	labels: { empty: string; list: string }
): Omit<SuggestionOptions<MentionPerson>, 'editor'> {
	return {
		items: ({ query }) => {
			const q = normalise(query);
			return people
				.filter((p) => normalise(p.label).includes(q))
				.sort(
					(a, b) =>
						Number(b.member) - Number(a.member) ||
						Number(normalise(b.label).startsWith(q)) - Number(normalise(a.label).startsWith(q)) ||
						a.label.localeCompare(b.label, 'fr')
				)
				.slice(0, 8);
		},
		render: () => {
			let element: HTMLUListElement;
			let unmount: (() => void) | undefined;
			let selected = 0;
			let current: SuggestionProps<MentionPerson> | undefined;

			const draw = () => {
				if (!current) return;
				element.replaceChildren();
				if (current.items.length === 0) {
					const empty = document.createElement('li');
					empty.className = 'mention-empty';
					empty.textContent = labels.empty;
					element.append(empty);
					return;
				}
				current.items.forEach((person, index) => {
					const option = document.createElement('li');
					option.id = `mention-option-${index}`;
					option.setAttribute('role', 'option');
					option.setAttribute('aria-selected', String(index === selected));
					const name = document.createElement('strong');
					name.textContent = person.label;
					const detail = document.createElement('span');
					detail.textContent = person.detail;
					option.append(name, detail);
					option.addEventListener('mousedown', (event) => {
						event.preventDefault();
						choose(index);
					});
					element.append(option);
				});
				element.setAttribute('aria-activedescendant', `mention-option-${selected}`);
			};
			const choose = (index: number) => {
				const person = current?.items[index];
				if (person) current?.command({ id: person.id, label: person.label });
			};

			return {
				onStart: (props) => {
					current = props;
					selected = 0;
					element = document.createElement('ul');
					element.className = 'mention-popup';
					element.setAttribute('role', 'listbox');
					element.setAttribute('aria-label', labels.list);
					draw();
					unmount = props.mount(element);
				},
				onUpdate: (props) => {
					current = props;
					selected = Math.min(selected, Math.max(props.items.length - 1, 0));
					draw();
				},
				onKeyDown: ({ event }) => {
					const count = current?.items.length ?? 0;
					if (event.key === 'ArrowDown' && count) {
						selected = (selected + 1) % count;
						draw();
						return true;
					}
					if (event.key === 'ArrowUp' && count) {
						selected = (selected + count - 1) % count;
						draw();
						return true;
					}
					if ((event.key === 'Enter' || event.key === 'Tab') && count) {
						choose(selected);
						return true;
					}
					return event.key === 'Escape';
				},
				onExit: () => {
					unmount?.();
					current = undefined;
				}
			};
		}
	};
}

const PALETTE = [
	'#b5523b',
	'#2f6f8f',
	'#4f7d3a',
	'#8a5a9e',
	'#c28a1e',
	'#0f766e',
	'#be185d',
	'#4338ca'
];

/** A stable colour per person, for their caret and their name in the presence list. */
export function colourFor(id: string): string {
	let hash = 0;
	for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length];
}
