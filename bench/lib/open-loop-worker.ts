// The load generator's worker thread (runOpenLoopInWorker): sends the requests it is given and posts the timings.
import { parentPort, workerData } from "node:worker_threads";
import { runOpenLoop, type OpenLoopOptions } from "./load";

const { settings, block, offsets } = workerData as {
  settings: Omit<OpenLoopOptions, "wires">;
  block: Uint8Array;
  offsets: Float64Array;
};
const wires = Array.from({ length: offsets.length - 1 }, (_, i) =>
  Buffer.from(block.buffer, block.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!),
);
const onStart = () => parentPort!.postMessage({ started: true });
parentPort!.postMessage(await runOpenLoop({ ...settings, wires, onStart }));
