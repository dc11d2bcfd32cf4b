import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The node flags `npm start` runs the service with (heap limits), from package.json. */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(' ').filter((word) => word.startsWith('--'));
}
