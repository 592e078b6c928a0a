// The PostgreSQL log store passes the shared suite, on a cluster of its own
// (initdb + pg_ctl on a free port; see test/helpers/postgres.ts).
import { PostgresLogStore } from '../../plugins/logging/store/postgres.js';
import { startPostgres } from '../helpers/postgres.js';
import { logStoreSuite } from './log-store-suite.js';

logStoreSuite('PostgreSQL', async () => {
  const pg = await startPostgres();
  return { store: new PostgresLogStore(pg.url), done: () => pg.stop() };
});
