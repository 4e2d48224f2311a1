/**
 * What a presence state (y-protocols awareness) may show, in the presence list and on the
 * carets. The sync server rewrites every state it relays (the name from the account, the colour
 * checked), yet the browser renders them as if it did not: a state is someone else's JSON, and a
 * value put into a `style` attribute unchecked can make every viewer's browser load any address.
 */

import { isAvatarPath } from '$lib/avatars';

const COLOUR = /^#[0-9a-f]{6}$/i;

/** The colour shown for someone whose state carries none that can be used (--color-muted). */
export const NEUTRAL_COLOUR = '#5a6570';

/** Longest name shown; the server cuts the account's name to it too. */
export const MAX_NAME_LENGTH = 80;

/** A colour as `#rrggbb`, the only form allowed into a `style` attribute. */
export const isColour = (value: unknown): value is string =>
	typeof value === 'string' && COLOUR.test(value);

export interface ShownPresence {
	name: string;
	color: string;
	/** The person's photo (an avatarPath the server wrote), or null. */
	avatar: string | null;
}

/**
 * The name, colour and photo to show for the `user` of a presence state, whatever it holds: a
 * missing, empty or non-string name shows `placeholder`, a colour that is not `#rrggbb` the
 * neutral one, and anything but a photo address of this app no photo.
 */
export function presenceOf(user: unknown, placeholder: string): ShownPresence {
	const fields = typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : {};
	const name = typeof fields.name === 'string' ? fields.name.trim().slice(0, MAX_NAME_LENGTH) : '';
	return {
		name: name || placeholder,
		color: isColour(fields.color) ? fields.color : NEUTRAL_COLOUR,
		avatar: isAvatarPath(fields.avatar) ? fields.avatar : null
	};
}

/**
 * Tiptap's CollaborationCaret `render` and `selectionRender`, fed only with what presenceOf lets
 * through: the name as text, the colour checked before it reaches a style.
 */
export function caretRenderers(placeholder: string) {
	return {
		render(user: Record<string, unknown>): HTMLElement {
			const { name, color } = presenceOf(user, placeholder);
			const caret = document.createElement('span');
			caret.classList.add('collaboration-carets__caret');
			caret.style.borderColor = color;
			const label = document.createElement('div');
			label.classList.add('collaboration-carets__label');
			label.style.backgroundColor = color;
			label.textContent = name;
			caret.append(label);
			return caret;
		},
		selectionRender(user: Record<string, unknown>) {
			const { color } = presenceOf(user, placeholder);
			// 70: the colour at 44 % opacity, under the text.
			return {
				nodeName: 'span',
				class: 'collaboration-carets__selection',
				style: `background-color: ${color}70`
			};
		}
	};
}
