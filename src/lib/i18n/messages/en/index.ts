import type { Messages } from '../fr';
import { about } from './about';
import { account } from './account';
import { admin } from './admin';
import { agenda } from './agenda';
import { auth } from './auth';
import { common } from './common';
import { decisions } from './decisions';
import { eventAdmin } from './event-admin';
import { events } from './events';
import { digest } from './digest';
import { documents } from './documents';
import { files } from './files';
import { groups } from './groups';
import { invitations } from './invitations';
import { offline } from './offline';
import { phone } from './phone';
import { inviting } from './inviting';
import { outbox } from './outbox';
import { progress } from './progress';
import { recurrence } from './recurrence';
import { profiles } from './profiles';
import { report } from './report';
import { search } from './search';
import { settings } from './settings';
import { threads } from './threads';
import { toolbar } from './toolbar';
import { work } from './work';

export const en: Messages = {
	...common,
	...auth,
	...account,
	...admin,
	...groups,
	...documents,
	...files,
	...decisions,
	...events,
	...eventAdmin,
	...work,
	...threads,
	...progress,
	...digest,
	...report,
	...search,
	...invitations,
	...toolbar,
	...offline,
	...phone,
	...agenda,
	...settings,
	...recurrence,
	...profiles,
	...inviting,
	...outbox,
	...about
};
