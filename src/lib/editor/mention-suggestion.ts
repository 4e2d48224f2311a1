import type { SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';
import { keepActive, listboxKey, optionId } from '$lib/components/combobox/listbox';
import { namesHolding } from '$lib/text';

export interface MentionPerson {
	id: string;
	label: string;
	/** Where the person works, shown under their name. */
	detail: string;
	/** Group members come first. */
	member: boolean;
}

/** Whom an editor's @-mention picker offers. */
export interface Mentionable {
	/** Listed with the page: everyone who may be named, or the group's members first. */
	people: MentionPerson[];
	/** Where the others are found by name (`&q=`), when there were too many to list; else null. */
	search: string | null;
}

/**
 * The @-mention picker: people whose name starts with (or contains) what follows the @, group
 * members first, as an accessible listbox under the caret. Tiptap draws it outside Svelte; its
 * keyboard is the comboboxes' own (listboxKey), and the editor names the active option.
 */
export function mentionSuggestion(
	mentions: Mentionable,
	labels: { empty: string; list: string; count: (count: number) => string }
): Omit<SuggestionOptions<MentionPerson>, 'editor'> {
	const { people, search } = mentions;
	return {
		// Searching asks the server: not at every keystroke of a name typed quickly.
		debounce: search ? 120 : 0,
		items: async ({ query, signal }) => {
			const listed = namesHolding(people, query);
			if (!search || !query.trim()) return listed.slice(0, SHOWN);
			const found = await findOthers(search, query, signal);
			const ids = new Set(listed.map((p) => p.id));
			return [...listed, ...found.filter((p) => !ids.has(p.id))].slice(0, SHOWN);
		},
		render: () => {
			let element: HTMLUListElement;
			let status: HTMLParagraphElement;
			let unmount: (() => void) | undefined;
			let selected = 0;
			let current: SuggestionProps<MentionPerson> | undefined;
			const listId = `mention-list-${++popups}`;
			// While the next list is found, the last one stays (not an empty list at each letter).
			const receive = (props: SuggestionProps<MentionPerson>) => {
				current = props.loading && current ? { ...props, items: current.items } : props;
			};

			const draw = () => {
				if (!current) return;
				const { items, loading } = current;
				element.replaceChildren();
				if (items.length === 0 && !loading) {
					const empty = document.createElement('li');
					empty.className = 'mention-empty';
					empty.setAttribute('role', 'presentation');
					empty.textContent = labels.empty;
					element.append(empty);
				}
				items.forEach((person, index) => {
					const option = document.createElement('li');
					option.id = optionId(listId, index);
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
				// The focus stays in the editor: it is the one that names the active option.
				const editorDom = current.editor.view.dom;
				editorDom.setAttribute('aria-controls', listId);
				if (selected >= 0)
					editorDom.setAttribute('aria-activedescendant', optionId(listId, selected));
				else editorDom.removeAttribute('aria-activedescendant');
				status.textContent = items.length
					? labels.count(items.length)
					: loading
						? ''
						: labels.empty;
			};
			const choose = (index: number) => {
				const person = current?.items[index];
				if (person) current?.command({ id: person.id, label: person.label });
			};

			return {
				onStart: (props) => {
					receive(props);
					selected = keepActive(0, current?.items.length ?? 0, true);
					element = document.createElement('ul');
					element.id = listId;
					element.className = 'mention-popup';
					element.setAttribute('role', 'listbox');
					element.setAttribute('aria-label', labels.list);
					status = document.createElement('p');
					status.className = 'visually-hidden';
					status.setAttribute('aria-live', 'polite');
					status.setAttribute('aria-atomic', 'true');
					document.body.append(status);
					draw();
					unmount = props.mount(element);
				},
				onUpdate: (props) => {
					receive(props);
					selected = keepActive(selected, current?.items.length ?? 0, true);
					draw();
				},
				onKeyDown: ({ event }) => {
					const count = current?.items.length ?? 0;
					// With nobody to choose, the keys stay the editor's; Escape still closes.
					if (count === 0) return event.key === 'Escape';
					const move = listboxKey(
						event.key,
						{ open: true, active: selected, count },
						{ tabChooses: true }
					);
					if (move.choose !== null) choose(move.choose);
					else if (move.handled && move.open) {
						selected = move.active;
						draw();
					}
					return move.handled;
				},
				onExit: () => {
					const editorDom = current?.editor.view.dom;
					editorDom?.removeAttribute('aria-controls');
					editorDom?.removeAttribute('aria-activedescendant');
					unmount?.();
					status?.remove();
					current = undefined;
				}
			};
		}
	};
}

const SHOWN = 8;

/**
 * The people the server finds by name beyond those listed. Nothing when it cannot answer (the
 * connection dropped, the session ended): the picker still offers those listed.
 */
async function findOthers(
	search: string,
	query: string,
	signal?: AbortSignal
): Promise<MentionPerson[]> {
	try {
		const response = await fetch(`${search}&q=${encodeURIComponent(query)}`, { signal });
		if (!response.ok) return [];
		return ((await response.json()) as { people: MentionPerson[] }).people;
	} catch (e) {
		// Aborted by a newer query: the suggestion drops this answer anyway.
		if (signal?.aborted) throw e;
		return [];
	}
}

/** Each popup's list gets an id of its own: two editors on a page may each have one open. */
let popups = 0;

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
