import { expect } from 'vitest';
import { ServiceError } from '$lib/server/errors';

/** The ServiceError a service call was refused with; fails the test if it succeeded. */
export async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
	const outcome = await promise.then(
		() => new Error('the call succeeded, a ServiceError was expected'),
		(e: unknown) => e
	);
	expect(outcome).toBeInstanceOf(ServiceError);
	return outcome as ServiceError;
}
