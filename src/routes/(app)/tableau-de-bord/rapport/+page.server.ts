import { error } from '@sveltejs/kit';
import { addMonths, monthOf } from '$lib/months';
import { requireCan } from '$lib/server/auth/guards';
import { todayInParis } from '$lib/server/dates';
import { attempt } from '$lib/server/errors';
import { formValues } from '$lib/server/forms';
import { can } from '$lib/server/policy';
import * as report from '$lib/server/progress/report';
import * as reportMail from '$lib/server/progress/report-mail';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'dashboard.view');
	const choice = report.parseMonth(event.url.searchParams.get('mois'));
	if (!choice.ok) error(400, { message: choice.key });
	const month = choice.month;
	const canSend = can(user, 'report.send');
	const [data, sentAt] = await Promise.all([
		report.monthly(user, month, event.locals.locale),
		canSend ? reportMail.sentAt(user, month) : null
	]);
	const next = addMonths(month, 1);
	return {
		report: data,
		previous: addMonths(month, -1),
		next: next <= monthOf(todayInParis()) ? next : null,
		canSend,
		sentAt
	};
};

export const actions: Actions = {
	send: async (event) => {
		const user = requireCan(event, 'report.send');
		const form = await event.request.formData();
		const values = formValues(form);
		const origin = await publicOrigin();
		const result = await attempt(values, () =>
			reportMail.sendToDirectors(user, values.mois ?? '', origin, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		return result.value;
	}
};
