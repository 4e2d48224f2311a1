import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '$lib/i18n';

/** Fields never echoed back to the page after a failed submission. */
const SECRET_FIELDS = /password|token/i;

export type FormErrors = Record<string, MessageKey>;

export function formValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, value] of form) {
		if (typeof value === 'string' && !SECRET_FIELDS.test(name)) values[name] = value;
	}
	return values;
}

export type Parsed<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; values: Record<string, string>; errors: FormErrors };

/**
 * Validates a submitted form. Schema messages are message keys; anything else (a type error
 * zod reports in its own words) becomes the generic "invalid value" message.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
	const raw: Record<string, unknown> = {};
	for (const [name, value] of form) if (typeof value === 'string') raw[name] = value;
	return parseInput(schema, raw, formValues(form));
}

/**
 * Validates input gathered from a form by the caller (rows of repeated fields, say), with the
 * values to send back. An error inside a row is named by its path, as the row's field is
 * (`agenda.2.ownerId`).
 */
export function parseInput<S extends z.ZodType>(
	schema: S,
	input: unknown,
	values: Record<string, string>
): Parsed<z.output<S>> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data, values };
	const errors: FormErrors = {};
	for (const issue of result.error.issues) {
		const field = issue.path.length ? issue.path.join('.') : 'form';
		if (!errors[field])
			errors[field] = isMessageKey(issue.message) ? issue.message : 'validation.invalid';
	}
	return { ok: false, values, errors };
}

/** The standard 400 answer of a form action: what was typed, and why it was refused. */
export function invalid(values: Record<string, string>, errors: FormErrors) {
	return fail(400, { values, errors });
}

/**
 * Rows of repeated fields (`<prefix>.<row>.<field>`) as sent, in their order, without the rows
 * left blank (pages offer a few empty ones) and past `maxRows` (not read at all). The values sent
 * back are numbered again from 0, so that a refused row and its error keep the place the page
 * shows them at; `others` are the form's other fields.
 */
export function repeatedRows<F extends string>(
	values: Record<string, string>,
	prefix: string,
	fields: readonly F[],
	maxRows: number
) {
	const pattern = new RegExp(`^${prefix}\\.(\\d{1,4})\\.(${fields.join('|')})$`);
	const rows = new Map<number, Partial<Record<F, string>>>();
	const others: Record<string, string> = {};
	for (const [name, value] of Object.entries(values)) {
		const m = pattern.exec(name);
		if (!m) {
			if (!name.startsWith(`${prefix}.`)) others[name] = value;
			continue;
		}
		const row: Partial<Record<F, string>> = rows.get(Number(m[1])) ?? {};
		row[m[2] as F] = value;
		rows.set(Number(m[1]), row);
	}
	const kept = [...rows.entries()]
		.sort(([a], [b]) => a - b)
		.map(([, row]) => row)
		.filter((row) => fields.some((field) => row[field]?.trim()))
		.slice(0, maxRows);
	const echoed = { ...others };
	kept.forEach((row, i) => {
		for (const field of fields) echoed[`${prefix}.${i}.${field}`] = row[field] ?? '';
	});
	return { rows: kept, others, values: echoed };
}
