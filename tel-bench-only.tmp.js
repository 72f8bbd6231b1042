process.chdir('/work/wt-tel-tasks');
const { Pool } = require('pg');
const b = require('/work/wt-tel-tasks/dist-bench/bench/tasking.js');
const { startEmbeddedCluster, stopEmbeddedCluster } = require('/work/wt-tel-tasks/dist-bench/test/support/embedded-cluster.js');
const { freePort } = require('/work/wt-tel-tasks/dist-bench/test/support/free-port.js');
const { TestSite } = require('/work/wt-tel-tasks/dist-bench/test/support/test-site.js');
const { TaskQueue } = require('/work/wt-tel-tasks/dist-bench/libs/tasking/src/index.js');
(async () => {
  const cluster = await startEmbeddedCluster(await freePort());
  process.env.PULP_TEST_DATABASE_URL = cluster.url;
  const site = await TestSite.create();
  const url = new URL(cluster.url); url.pathname = `/${site.databaseName}`;
  const pool = new Pool({ connectionString: url.toString(), max: 8 });
  const queue = new TaskQueue(pool, site.encryption);
  const sql = async (text, params = []) => (await pool.query(text, params)).rows;
  for (let i = 0; i < Number(process.argv[2] || 1); i++) {
    const r = await b.telemetryOverhead(site, queue, sql);
    console.log(JSON.stringify(r));
  }
  await pool.end(); await site.destroy(); await stopEmbeddedCluster(cluster);
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
