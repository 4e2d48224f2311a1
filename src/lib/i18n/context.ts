import { getContext, setContext } from 'svelte';
import {
	formatDate,
	formatNumber,
	formatWeekday,
	translate,
	type Locale,
	type MessageKey,
	type Params
} from './index';

const key = Symbol('i18n');

export interface I18n {
	readonly locale: Locale;
	t: (key: MessageKey, params?: Params) => string;
	date: (value: Date | string | number, style?: 'date' | 'datetime' | 'long') => string;
	number: (value: number) => string;
	/** A calendar day (YYYY-MM-DD) with its weekday: "jeudi 8 avril". */
	day: (iso: string) => string;
}

/**
 * Called once by the root layout. `getLocale` is read on every call, so text re-renders when
 * the layout data's locale changes (language switch without a full reload).
 */
export function provideI18n(getLocale: () => Locale): I18n {
	const i18n = makeI18n(getLocale);
	setContext(key, i18n);
	return i18n;
}

/**
 * The context `provideI18n` gives, for a component rendered on its own on the server
 * (`render(Component, { context })` from svelte/server: the PDF of a page, say).
 */
export function i18nContext(locale: Locale): Map<symbol, I18n> {
	return new Map([[key, makeI18n(() => locale)]]);
}

function makeI18n(getLocale: () => Locale): I18n {
	return {
		get locale() {
			return getLocale();
		},
		t: (k, params) => translate(getLocale(), k, params),
		date: (value, style) => formatDate(getLocale(), value, style),
		number: (value) => formatNumber(getLocale(), value),
		day: (iso) => formatWeekday(getLocale(), iso)
	};
}

export function useI18n(): I18n {
	const i18n = getContext<I18n | undefined>(key);
	if (!i18n) throw new Error('useI18n() called outside the root layout');
	return i18n;
}
