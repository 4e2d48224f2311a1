import { withoutAccents } from '$lib/text';
import type { Locale } from '$lib/i18n';

/** A group theme's label in each language (the admin edits them in Administration → Thèmes). */
export interface ThemeName {
	fr: string;
	en: string;
}

export const themeLabel = (name: ThemeName, locale: Locale): string => name[locale] || name.fr;

/** Words as people read them: case, accents, punctuation and spacing do not make them differ. */
const words = (text: string) =>
	withoutAccents(text)
		.toLocaleLowerCase('fr')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();

/**
 * Whether showing the theme beside the group's name tells the reader anything: not when the
 * group is named after its theme ("Mobilités" filed under "Mobilités").
 */
export function themeAddsInformation(label: string, groupName: string): boolean {
	return words(label) !== words(groupName);
}
