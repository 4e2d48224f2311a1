/**
 * The keyboard of a listbox popup whose focus stays in the box one types in (the WAI-ARIA
 * combobox pattern, with aria-activedescendant): shared by the Svelte comboboxes and the
 * editor's @-mention popup, which Tiptap renders outside Svelte.
 */

export interface ListboxState {
	open: boolean;
	/** The option shown as active (aria-activedescendant), -1 for none. */
	active: number;
	/** How many options the list holds. */
	count: number;
}

export interface ListboxMove {
	open: boolean;
	active: number;
	/** The option the key chose, if it chose one. */
	choose: number | null;
	/** Whether the key was the listbox's: the caller then prevents its default action. */
	handled: boolean;
}

export interface ListboxKeys {
	/** Tab chooses the active option too (the mention popup), instead of leaving the box. */
	tabChooses?: boolean;
}

/** What `key` does to the list: a new state, and the option chosen if any. */
export function listboxKey(key: string, state: ListboxState, keys: ListboxKeys = {}): ListboxMove {
	const { open, active, count } = state;
	const ignored = { open, active, choose: null, handled: false };
	const to = (next: number) => ({ open, active: next, choose: null, handled: true });
	switch (key) {
		case 'ArrowDown':
		case 'ArrowUp': {
			// A closed list opens on an arrow, without moving: the person then sees where they are.
			if (!open) return { open: true, active, choose: null, handled: true };
			if (count === 0) return to(-1);
			if (key === 'ArrowDown') return to(active < 0 ? 0 : (active + 1) % count);
			return to(active < 0 ? count - 1 : (active - 1 + count) % count);
		}
		case 'Home':
		case 'End':
			// With no option active, Home and End move the caret in the text, as in any box.
			if (!open || active < 0 || count === 0) return ignored;
			return to(key === 'Home' ? 0 : count - 1);
		case 'Tab':
		case 'Enter':
			if (key === 'Tab' && !keys.tabChooses) return ignored;
			if (!open || active < 0 || active >= count) return ignored;
			return { open: false, active: -1, choose: active, handled: true };
		case 'Escape':
			if (!open) return ignored;
			return { open: false, active: -1, choose: null, handled: true };
		default:
			return ignored;
	}
}

/**
 * The active option once the list holds `count` options: kept where it can be, else the last;
 * with `first`, a list that holds any option always has one active (the mention popup).
 */
export function keepActive(active: number, count: number, first = false): number {
	if (count === 0) return -1;
	return Math.min(first ? Math.max(active, 0) : active, count - 1);
}

/** The id of an option, from the id of its list. */
export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;
