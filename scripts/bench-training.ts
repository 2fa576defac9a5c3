// Training throughput, fused trainer vs plain tfjs layers (`model.fit`) on the same backend, in one process.
//   node out/scripts/bench-training.js [--seconds 30] [--hidden 256] [--embed 64] [--layers 1] [--cell gru]
//        [--lanes 64] [--steps 64] [--backend wasm] [--no-baseline]
// Prints one JSON line per measurement and the ratio.
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/model/backend';
import { mulberry32 } from '../src/model/lm/sampler';
import type { LmConfig } from '../src/model/lm/model';
import { measureTrainingThroughput } from '../src/model/lm/trainer';
import type { CellType } from '../src/model/lm/types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The plain way: one-hot bytes -> dense(E) -> tf.layers.gru(H) -> dense(256) softmax, Adam, model.fit. */
async function layersBaseline(config: LmConfig, seconds: number, batch: number, steps: number): Promise<number> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: config.embedDim, inputShape: [steps, 256] }));
  const rnn = { units: config.hiddenSize, returnSequences: true, recurrentInitializer: 'glorotUniform' as const };
  for (let l = 0; l < config.layers; l++) {
    model.add(config.cell === 'gru' ? tf.layers.gru({ ...rnn, recurrentActivation: 'sigmoid' })
      : config.cell === 'lstm' ? tf.layers.lstm(rnn) : tf.layers.simpleRNN(rnn));
  }
  model.add(tf.layers.dense({ units: 256, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(3e-3), loss: 'categoricalCrossentropy' });
  const random = mulberry32(7);
  const ids = Array.from({ length: batch * (steps + 1) }, () => Math.floor(random() * 96) + 32);
  const x = tf.oneHot(tf.tensor2d(ids.slice(0, batch * steps), [batch, steps], 'int32'), 256);
  const y = tf.oneHot(tf.tensor2d(ids.slice(batch), [batch, steps], 'int32'), 256);
  await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0 }); // warm-up
  let n = 0;
  const start = performance.now();
  while ((performance.now() - start) / 1000 < seconds) {
    await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0 });
    n++;
  }
  const rate = (n * batch * steps) / ((performance.now() - start) / 1000);
  tf.dispose([x, y]);
  model.dispose();
  return rate;
}

async function main() {
  const backend = await initBackend({ preference: [arg('backend', 'wasm') as BackendName] });
  const seconds = Number(arg('seconds', '30'));
  const config: LmConfig = {
    cell: arg('cell', 'gru') as CellType, embedDim: Number(arg('embed', '64')), hiddenSize: Number(arg('hidden', '256')), layers: Number(arg('layers', '1')),
  };
  const lanes = Number(arg('lanes', '64')), steps = Number(arg('steps', '64'));
  const fused = await measureTrainingThroughput(config, seconds, { lanes, steps });
  console.log(JSON.stringify({ trainer: 'fused', backend, config, lanes, steps, seconds, bytesPerSec: Math.round(fused.bytesPerSec) }));
  if (process.argv.includes('--no-baseline')) return;
  const base = await layersBaseline(config, seconds, 32, 64);
  console.log(JSON.stringify({ trainer: 'tf.layers model.fit', backend, config, batch: 32, steps: 64, seconds, bytesPerSec: Math.round(base) }));
  console.log(JSON.stringify({ ratio: Number((fused.bytesPerSec / base).toFixed(2)) }));
}

main().catch((e) => { console.error(e); process.exit(1); });
