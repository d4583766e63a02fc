export const USAGE = 'usage: bkci-agent run --config <agent.json>';

/** `run --config <file>` or `run --config=<file>`: the config file; null for any other command line. */
export function configFileArgument(argv: readonly string[]): string | null {
  if (argv[0] !== 'run') return null;
  const rest = argv.slice(1);
  if (rest.length === 1 && rest[0].startsWith('--config=')) return rest[0].slice('--config='.length) || null;
  if (rest.length === 2 && rest[0] === '--config') return rest[1] || null;
  return null;
}
