import type { RequestEvent } from '@sveltejs/kit';
import * as decisions from '$lib/server/decisions';
import type { SessionUser } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';

type PollEvent = RequestEvent<{ slug: string; pollId: string }>;

/**
 * The form actions a proposal's and a quick poll's pages share: close it now, or move its closing
 * time. `load` finds the poll in the address's group (a 404 otherwise) and who is asking.
 */
export function pollTools<E extends PollEvent>(load: (event: E) => Promise<{ user: SessionUser }>) {
	return {
		close: async (event: E) => {
			const { user } = await load(event);
			const result = await attempt({}, () => decisions.closeNow(user, event.params.pollId));
			if (!result.ok) return result.failure;
			return { closed: true };
		},
		extend: async (event: E) => {
			const { user } = await load(event);
			const parsed = parseForm(decisions.extendSchema, await event.request.formData());
			if (!parsed.ok) return invalid(parsed.values, parsed.errors);
			const result = await attempt(parsed.values, () =>
				decisions.extend(user, event.params.pollId, parsed.data.closesAt)
			);
			if (!result.ok) return result.failure;
			return { extended: true };
		}
	};
}
