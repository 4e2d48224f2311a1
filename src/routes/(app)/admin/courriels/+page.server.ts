import { requireCan } from '$lib/server/auth/guards';
import * as mail from '$lib/server/mail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'outbox.read');
	return { messages: await mail.listOutbox(user) };
};
