import type { Messages } from '../fr';
import { account } from './account';
import { admin } from './admin';
import { auth } from './auth';
import { common } from './common';
import { digest } from './digest';
import { documents } from './documents';
import { groups } from './groups';
import { progress } from './progress';
import { report } from './report';
import { search } from './search';
import { threads } from './threads';
import { work } from './work';

export const en: Messages = {
	...common,
	...auth,
	...account,
	...admin,
	...groups,
	...documents,
	...work,
	...threads,
	...progress,
	...digest,
	...report,
	...search
};
