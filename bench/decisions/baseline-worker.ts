import { NativeConnection, Worker } from '@temporalio/worker';

/** The baseline's own worker process: `tsx bench/decisions/baseline-worker.ts <address> <taskQueue>`. */
async function main(): Promise<void> {
  const [address, taskQueue] = process.argv.slice(2);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue: taskQueue!, workflowsPath: require.resolve('./baseline-workflow') });
  process.stdout.write('baseline worker ready\n');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
