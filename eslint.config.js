import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'data/',
			'data-demo/',
			'data-large/',
			'drizzle/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// The app is served at the root, without a base path, so plain hrefs are right.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// No import cycle anywhere in the app: a cycle makes the order modules are evaluated in (and
		// what is still undefined when one runs) depend on which is imported first.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		plugins: { 'import-x': importX },
		// The imported .svelte files are parsed with these too: their scripts are TypeScript.
		languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
		settings: {
			'import-x/resolver-next': [
				createTypeScriptImportResolver({
					project: './tsconfig.json',
					extensions: ['.ts', '.js', '.svelte']
				})
			],
			'import-x/extensions': ['.ts', '.js', '.svelte'],
			'import-x/parsers': {
				'@typescript-eslint/parser': ['.ts'],
				'svelte-eslint-parser': ['.svelte']
			}
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	},
	...coreBoundaries()
);

/**
 * The sync core (src/lib/server/collab/) knows nothing of the app: it imports only itself,
 * $lib/server/db and $lib/collab, and takes hooks for the rest (src/lib/server/live-documents/).
 */
function coreBoundaries() {
	const message =
		'The sync core imports only itself, $lib/server/db and $lib/collab: give it a hook instead.';
	const app = { regex: '^\\$lib/(?!server/collab(/|$)|server/db(/|$)|collab(/|$))', message };
	const rule = (outside) => ({
		'no-restricted-imports': ['error', { patterns: [app, { regex: outside, message }] }]
	});
	return [
		{ files: ['src/lib/server/collab/*.ts'], rules: rule('^\\.\\./') },
		{ files: ['src/lib/server/collab/*/**/*.ts'], rules: rule('^\\.\\./\\.\\./') }
	];
}
