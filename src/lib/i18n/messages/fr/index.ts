import type { Message } from '../types';
import { account } from './account';
import { admin } from './admin';
import { auth } from './auth';
import { common } from './common';

/** French is the source language: every key exists here first. */
export const fr = { ...common, ...auth, ...account, ...admin };

export type Messages = { [K in keyof typeof fr]: Message };
