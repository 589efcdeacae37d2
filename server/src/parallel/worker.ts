/**
 * A lint worker thread (main.ts starts it in a thread of the CLI's or the language server's bundle):
 * runs the tasks it is sent (tasks.ts) with the run's options and sends the replies back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTask } from './tasks';
import type { Request, WorkerSetup } from './protocol';

const setup = workerData as WorkerSetup;
parentPort?.on('message', (req: Request) => parentPort!.postMessage(runTask(req, setup.options)));
