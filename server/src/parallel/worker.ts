/**
 * A parse worker (bundled to dist/parse-worker.js): parses each file it is sent and cuts it to
 * what the run's rules read (model/compact.ts), as the engine's `lint` does in one thread, and
 * sends it back without its line index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile } from '../engine/parse';
import { compactFile } from '../engine/model/compact';
import { relevance } from '../engine/relevance';
import type { ParseReply, ParseRequest, WorkerSetup } from './protocol';

const setup = workerData as WorkerSetup;
const reads = relevance(setup.rules);
parentPort?.on('message', (req: ParseRequest) => {
  let reply: ParseReply;
  try {
    // parseFile never throws by design; a bug still must not hang the run.
    const { lines: _lines, ...file } = compactFile(parseFile({ uri: req.uri, text: req.text }, setup.parse), reads);
    reply = { seq: req.seq, file };
  } catch (e) {
    reply = { seq: req.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
