/**
 * The `pipeline` command: `npm run --silent pipeline -- <verb> ...`.
 *
 * FOUNDATION STUB: issue 6's command-line work adds the verbs validate and link.
 */
process.stderr.write('pipeline: no verbs yet\n');
process.exit(2);
