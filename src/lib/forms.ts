import type { SubmitFunction } from '@sveltejs/kit';
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

/**
 * `use:enhance` for a form folded in a `<details>` (a "new…" panel): once the action succeeds,
 * the panel folds away; refused, it stays open with what was typed.
 */
export const closeDetailsOnSuccess: SubmitFunction =
	({ formElement }) =>
	async ({ result, update }) => {
		await update();
		if (result.type === 'success') formElement.closest('details')?.removeAttribute('open');
	};
