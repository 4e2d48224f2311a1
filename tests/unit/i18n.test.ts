import { describe, expect, it } from 'vitest';
import {
	formatDate,
	formatNumber,
	isMessageKey,
	negotiateLocale,
	translate,
	type MessageKey
} from '$lib/i18n';
import { en } from '$lib/i18n/messages/en';
import { fr } from '$lib/i18n/messages/fr';
import type { Message } from '$lib/i18n/messages/types';

describe('translate', () => {
	it('gives the message of the locale', () => {
		expect(translate('fr', 'nav.groups')).toBe('Groupes');
		expect(translate('en', 'nav.groups')).toBe('Groups');
	});

	it('fills placeholders from params', () => {
		expect(translate('fr', 'home.welcome', { name: 'Aline' })).toBe('Bonjour Aline');
		expect(translate('en', 'home.welcome', { name: 'Aline' })).toBe('Hello Aline');
	});

	it('leaves a placeholder without a param as it is', () => {
		expect(translate('en', 'home.welcome', {})).toBe('Hello {name}');
	});

	it('formats number params in the locale', () => {
		expect(translate('fr', 'error.reference', { id: 1234 })).toMatch(/^Référence : 1\s234$/u);
		expect(translate('en', 'error.reference', { id: 1234 })).toBe('Reference: 1,234');
	});

	it('chooses the plural form from count', () => {
		expect(translate('fr', 'people.count', { count: 1 })).toBe('1 personne');
		expect(translate('fr', 'people.count', { count: 0 })).toBe('0 personne');
		expect(translate('fr', 'people.count', { count: 3 })).toBe('3 personnes');
		expect(translate('en', 'people.count', { count: 1 })).toBe('1 person');
		expect(translate('en', 'people.count', { count: 0 })).toBe('0 people');
		expect(translate('en', 'people.count', { count: 2 })).toBe('2 people');
	});

	it('knows its message keys', () => {
		expect(isMessageKey('nav.groups')).toBe(true);
		expect(isMessageKey('nav.nothing')).toBe(false);
		expect(isMessageKey(42)).toBe(false);
	});
});

describe('negotiateLocale', () => {
	it('returns nothing without a header', () => {
		expect(negotiateLocale(null)).toBeUndefined();
		expect(negotiateLocale('')).toBeUndefined();
	});

	it('takes the base language of a region tag', () => {
		expect(negotiateLocale('fr-FR')).toBe('fr');
		expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
		expect(negotiateLocale('EN-us')).toBe('en');
	});

	it('ranks by q-value, not by order', () => {
		expect(negotiateLocale('fr;q=0.5, en;q=0.8')).toBe('en');
		expect(negotiateLocale('en;q=0.4,fr-CH;q=0.9,de')).toBe('fr');
	});

	it('skips unsupported languages and q=0', () => {
		expect(negotiateLocale('de-DE, it;q=0.9, en;q=0.1')).toBe('en');
		expect(negotiateLocale('en;q=0, fr;q=0.1')).toBe('fr');
		expect(negotiateLocale('de, it')).toBeUndefined();
	});
});

const placeholders = (message: Message): string[] => {
	const texts = typeof message === 'string' ? [message] : [message.one, message.other];
	return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
};

describe('catalogues', () => {
	const frKeys = Object.keys(fr).sort();
	const enKeys = Object.keys(en).sort();

	it('have the same keys in French and English', () => {
		expect(enKeys.filter((k) => !(k in fr))).toEqual([]);
		expect(frKeys.filter((k) => !(k in en))).toEqual([]);
	});

	it('use the same placeholders and shape in both languages', () => {
		for (const key of frKeys as MessageKey[]) {
			const f: Message = fr[key];
			const e: Message = en[key];
			expect(typeof e, key).toBe(typeof f);
			expect(placeholders(e), key).toEqual(placeholders(f));
		}
	});

	it('have no empty message', () => {
		for (const key of frKeys as MessageKey[]) {
			for (const message of [fr[key], en[key]] as Message[]) {
				const texts = typeof message === 'string' ? [message] : [message.one, message.other];
				for (const text of texts) expect(text.trim(), key).not.toBe('');
			}
		}
	});
});

describe('formatDate', () => {
	// 09:30 UTC is 10:30 in Paris (winter time).
	const when = new Date('2025-03-14T09:30:00Z');

	it('formats a date per locale', () => {
		expect(formatDate('fr', when)).toBe('14 mars 2025');
		expect(formatDate('en', when)).toBe('Mar 14, 2025');
	});

	it('formats the long style per locale', () => {
		expect(formatDate('fr', when, 'long')).toBe('vendredi 14 mars 2025');
		expect(formatDate('en', when, 'long')).toBe('Friday, March 14, 2025');
	});

	it('shows the time in Paris', () => {
		expect(formatDate('fr', when, 'datetime')).toMatch(/^14 mars 2025.*10:30$/u);
		expect(formatDate('en', when, 'datetime')).toMatch(/^Mar 14, 2025.*10:30\sAM$/u);
		// Late evening in UTC is already the next day in Paris.
		expect(formatDate('fr', '2025-07-01T22:30:00Z')).toBe('2 juil. 2025');
	});

	it('accepts strings and timestamps', () => {
		expect(formatDate('en', when.toISOString())).toBe('Mar 14, 2025');
		expect(formatDate('en', when.getTime())).toBe('Mar 14, 2025');
	});
});

describe('formatNumber', () => {
	it('uses the separators of the locale', () => {
		expect(formatNumber('fr', 1234.5)).toMatch(/^1\s234,5$/u);
		expect(formatNumber('en', 1234.5)).toBe('1,234.5');
	});
});
