import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'proto/gen/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['server/src/keyspace/**/*.ts', 'txlog/src/core/**/*.ts', 'txlog/src/statemachine/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'pure cores take their clock injected' },
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'process', 'performance'].map((name) => ({
          name,
          message: 'pure cores have no timers or process access: the driver injects what they need',
        })),
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'pure cores take their randomness injected' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'a pure core does no I/O' }] }],
    },
  },
  {
    // The keyspace is the bottom layer of the server: commands, connections and state build on it, never the reverse.
    files: ['server/src/keyspace/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'a pure core does no I/O' },
            { group: ['../*/**', '!../util/**'], message: 'the keyspace imports only its own modules and util/' },
          ],
        },
      ],
    },
  },
);
