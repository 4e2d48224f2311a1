import type { Environment } from 'vitest/environments';

/**
 * Modules compiled and resolved as the browser gets them (Svelte's client runtime, so that
 * `$effect` runs and state is reactive), in Node's globals: no DOM is needed.
 */
export default <Environment>{
	name: 'client',
	viteEnvironment: 'client',
	setup: () => ({ teardown: () => {} })
};
