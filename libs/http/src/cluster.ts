import cluster from 'node:cluster';

/**
 * Runs `serve` in `workers` processes sharing the listening sockets (gunicorn's --workers).
 * The primary only supervises: it replaces a process that dies after it started serving,
 * gives up when one fails before serving (bad port, bad settings), and passes on SIGTERM/SIGINT/SIGHUP.
 */
export function runClustered(workers: number, serve: () => void): void {
  if (workers <= 1 || cluster.isWorker) {
    serve();
    return;
  }
  let stopping = false;
  const ready = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('listening', () => ready.add(worker.id));
  };
  for (let i = 0; i < workers; i++) {
    fork();
  }
  cluster.on('exit', (worker, code, signal) => {
    const served = ready.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        process.exit();
      }
      return;
    }
    if (!served) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) {
        other?.kill('SIGTERM');
      }
      process.exitCode = code || 1;
      return;
    }
    process.stderr.write(`pulp: worker process ${worker.process.pid} died (${signal ?? code}); starting another\n`);
    fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) {
        worker?.kill('SIGTERM');
      }
    });
  }
}
