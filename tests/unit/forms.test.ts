import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { attempt, forbidden, notFound, ServiceError } from '$lib/server/errors';
import { formValues, parseForm } from '$lib/server/forms';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
}

describe('formValues', () => {
	it('keeps what was typed but never a password or a token', () => {
		const values = formValues(
			form({
				email: 'a@b.fr',
				password: 'secret',
				newPassword: 'x',
				currentPassword: 'y',
				token: 't'
			})
		);
		expect(values).toEqual({ email: 'a@b.fr' });
	});
});

describe('parseForm', () => {
	const schema = z.object({
		name: z.string().trim().min(1, 'validation.required'),
		age: z.coerce.number().int('not a message key'),
		password: z.string().min(1, 'validation.required')
	});

	it('returns the parsed data and the echoable values', () => {
		const parsed = parseForm(schema, form({ name: ' Aline ', age: '42', password: 'p' }));
		expect(parsed).toEqual({
			ok: true,
			data: { name: 'Aline', age: 42, password: 'p' },
			values: { name: ' Aline ', age: '42' }
		});
	});

	it('gives one message key per field, and the generic one for foreign messages', () => {
		const parsed = parseForm(schema, form({ name: ' ', age: '4.5', password: '' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual({
			name: 'validation.required',
			age: 'validation.invalid',
			password: 'validation.required'
		});
		expect(parsed.values).toEqual({ name: ' ', age: '4.5' });
	});

	it('reports a missing field', () => {
		const parsed = parseForm(schema, form({ age: '1', password: 'p' }));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(['name']);
	});
});

describe('attempt', () => {
	const values = { email: 'a@b.fr' };

	it('passes the value through', async () => {
		expect(await attempt(values, async () => 7)).toEqual({ ok: true, value: 7 });
	});

	it('turns a refusal into a 403 and a missing thing into a 404', async () => {
		const refused = await attempt(values, async () => {
			throw forbidden();
		}).catch((e: unknown) => e);
		expect(isHttpError(refused, 403)).toBe(true);
		const missing = await attempt(values, async () => {
			throw notFound();
		}).catch((e: unknown) => e);
		expect(isHttpError(missing, 404)).toBe(true);
	});

	it('turns invalid input into fail(400) on the field, keeping the values', async () => {
		const result = await attempt(values, async () => {
			throw new ServiceError('invalid', 'invitation.email_taken', 'email');
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(isActionFailure(result.failure)).toBe(true);
		expect(result.failure.status).toBe(400);
		expect(result.failure.data).toEqual({ values, errors: { email: 'invitation.email_taken' } });
	});

	it('turns a conflict into fail(409) on the whole form', async () => {
		const result = await attempt(values, async () => {
			throw new ServiceError('conflict', 'setup.already_done');
		});
		if (result.ok) throw new Error('expected a failure');
		expect(result.failure.status).toBe(409);
		expect(result.failure.data.errors).toEqual({ form: 'setup.already_done' });
	});

	it('lets other errors through', async () => {
		await expect(
			attempt(values, async () => {
				throw new TypeError('boom');
			})
		).rejects.toThrow('boom');
	});
});
