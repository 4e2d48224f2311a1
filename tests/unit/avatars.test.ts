import { describe, expect, it } from 'vitest';
import {
	AVATAR_COLOURS,
	avatarColour,
	avatarFile,
	avatarPath,
	contrast,
	initials,
	isAvatarPath,
	textOn
} from '$lib/avatars';
import { NEUTRAL_COLOUR } from '$lib/collab/presence';
import { colourFor } from '$lib/editor/mention-suggestion';

describe('initials', () => {
	it.each([
		['Julie Fritsch', 'JF'],
		['élodie herrmann', 'ÉH'],
		['Jean-Marc Keller', 'JK'],
		['Marie de la Fontaine', 'MF'],
		['Awa', 'A'],
		['  Olivier   Petit  ', 'OP'],
		['« Zoé » Martin', 'ZM'],
		['', '?'],
		['—', '?']
	])('of %j are %j', (name, expected) => {
		expect(initials(name)).toBe(expected);
	});
});

describe('avatar colours', () => {
	it('give white initials a contrast of at least 4.5:1 on every colour', () => {
		for (const colour of AVATAR_COLOURS) {
			expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(4.5);
			expect(textOn(colour)).toBe('#ffffff');
		}
	});

	it('give the same name the same colour, and different names several colours', () => {
		expect(avatarColour('Julie Fritsch')).toBe(avatarColour('Julie Fritsch'));
		// Names that differ by a letter or two, as in a family or a list sorted by name.
		const names = [
			'Julie Fritsch',
			'Julie Fritsche',
			'Julia Fritsch',
			'Nicolas Haas',
			'Nicolas Hass',
			'Awa Diallo',
			'Léa Martin',
			'Léo Martin',
			'Olivier Petit',
			'Olivia Petit'
		];
		expect(new Set(names.map(avatarColour)).size).toBeGreaterThanOrEqual(5);
	});

	it('pick dark initials on a pale background someone chose for their caret', () => {
		expect(textOn('#ffff00')).toBe('#1d2327');
		expect(contrast('#ffff00', textOn('#ffff00'))).toBeGreaterThanOrEqual(4.5);
	});

	it('read at 4.5:1 on every caret colour of the editor', () => {
		const ids = Array.from({ length: 64 }, (_, i) => `user-${i}`);
		for (const colour of new Set([...ids.map(colourFor), NEUTRAL_COLOUR])) {
			expect(contrast(colour, textOn(colour)), colour).toBeGreaterThanOrEqual(4.5);
		}
	});
});

describe('photo addresses', () => {
	const id = '0b7c2e4a-3f1d-4c5e-9a8b-7c6d5e4f3a2b';
	const hash = '0123456789abcdef0123456789abcdef';

	it('are recognised as written', () => {
		expect(isAvatarPath(avatarPath(id, hash))).toBe(true);
		expect(avatarFile(avatarPath(id, hash), 64)).toBe(`/avatars/${id}/${hash}/64.webp`);
	});

	it.each([
		`https://elsewhere.example/avatars/${id}/${hash}`,
		`/avatars/${id}/${hash.toUpperCase()}`,
		`/avatars/${id}/${hash}/64.webp`,
		`/avatars/../${hash}`,
		null
	])('refuse %j', (value) => {
		expect(isAvatarPath(value)).toBe(false);
	});
});
