import type { MessageKey } from '$lib/i18n';

export interface FormFailure {
	values: Record<string, string>;
	errors: Record<string, MessageKey>;
}

/**
 * The failure a form action returned (what was typed, and why it was refused), if any. Pages
 * read `form` through this so that every action's other results stay out of the way.
 */
export function failure(form: unknown): FormFailure | undefined {
	if (form && typeof form === 'object' && 'errors' in form && 'values' in form) {
		return form as FormFailure;
	}
	return undefined;
}

/** A field of the action's success result, when the last submission succeeded. */
export function outcome<T = string>(form: unknown, key: string): T | undefined {
	if (form && typeof form === 'object' && key in form && !('errors' in form)) {
		return (form as Record<string, T>)[key];
	}
	return undefined;
}
