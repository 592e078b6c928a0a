// Where the dashboard's built files are: dist/ui, made by `npm run build`
// (vite, from ui/) and shipped in the package. Absent in a build without
// them: then /ui is simply not served.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as dist/plugins/logging/dashboard.js.
const DIR = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'ui');

export const dashboardDir = (): string | undefined => (existsSync(path.join(DIR, 'index.html')) ? DIR : undefined);
