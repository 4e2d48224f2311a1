import type { Message } from '../types';
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

/** French is the source language: every key exists here first. */
export const fr = {
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

export type Messages = { [K in keyof typeof fr]: Message };
