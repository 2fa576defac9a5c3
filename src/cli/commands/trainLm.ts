// `train-lm`: fine-tunes a language model (the bundled one by default) on the user's files.
import * as tf from '@tensorflow/tfjs';
import { relative } from 'node:path';
import { initBackend } from '../../model/backend';
import { splitDocuments, totalBytes } from '../../model/lm/corpus';
import { loadLanguageModel, ModelFormatError, saveLanguageModel } from '../../model/lm/io';
import { joinMemory, MEMORY_BIN } from '../../model/lm/memoryFile';
import type { LmMetadata } from '../../model/lm/metadata';
import { inferLmConfig } from '../../model/lm/model';
import { toLayersModel, trainLanguageModel, type TrainProgress } from '../../model/lm/trainer';
import { CliError, numberOption, parseArgs, stringOption } from '../args';
import type { CliCommand } from '../command';
import { bundledModelDir } from '../modelFolder';
import { checkOutFolder } from '../outFolder';
import { readTextFiles } from '../textFiles';

export const trainLmCommand: CliCommand = {
  usage: `Usage: gru-scribe train-lm [--from DIR] --out DIR [--force] [--minutes M] [--epochs E] [--val-fraction F] FILE...

Continues training a language model on the given text files and writes the result to --out
(a model folder, written atomically). The folder also keeps the files' text (memory.bin, up to 4 MiB)
for completions to copy names and lines from, so files that look like secrets (.env, keys, tokens,
passwords) are skipped, and so are links whose real path leaves the folder they are named in (the
current folder for files below it); binary files are skipped too. Each skip is reported with its reason.
--out must be a new or empty folder, or a model folder (replaced only with --force); a folder holding
anything else, the current folder or one above it, the home folder and a folder holding an input are
refused, so that nothing but a model is ever replaced.

Options:
  --from DIR          model to start from (default: the bundled model)
  --out DIR           where to write the fine-tuned model (required)
  --force             replace the model folder already at --out
  --minutes M         stop after M minutes of training (default 10)
  --epochs E          stop after E passes over the training text (default: no limit)
  --val-fraction F    share of each file's end held out to measure validation loss (default 0.1)
Ctrl-C stops early and still writes the model trained so far.
`,
  async run(argv) {
    const args = parseArgs(argv, { values: ['from', 'out', 'minutes', 'epochs', 'val-fraction'], flags: ['force'] });
    const out = stringOption(args, 'out');
    if (!out) throw new CliError('--out DIR is required');
    const minutes = numberOption(args, 'minutes', 10, 0.01, 1e6);
    const epochs = args.options.has('epochs') ? numberOption(args, 'epochs', 1, 0.01, 1e6) : undefined;
    const valFraction = numberOption(args, 'val-fraction', 0.1, 0, 0.9);
    const say = (m: string) => process.stderr.write(`gru-scribe: ${m}\n`);
    const files = readTextFiles(args.positionals, say, { forTraining: true });
    const from = stringOption(args, 'from') ?? bundledModelDir();
    const checkOut = () => checkOutFolder(out, { inputs: [...args.positionals, from], force: args.options.has('force') });
    await checkOut();

    await initBackend();
    let base: Awaited<ReturnType<typeof loadLanguageModel>>;
    try {
      base = await loadLanguageModel(from);
    } catch (e) {
      throw new CliError(`cannot load the language model: ${(e as Error).message}`);
    }
    const config = inferLmConfig(base.model);
    const { train, val } = splitDocuments(files, valFraction);
    const trainBytes = totalBytes(train);
    // 32 lanes: a fine-tune is short, so more (smaller) updates beat bigger batches. Small inputs get
    // fewer, shorter lanes so that an epoch still has a few batches.
    const steps = Math.max(8, Math.min(64, Math.floor(trainBytes / 16)));
    const lanes = Math.max(1, Math.min(32, Math.floor(trainBytes / (steps * 4))));
    if (trainBytes < 2 * (steps + 1)) throw new CliError(`not enough text to train on (${trainBytes} bytes)`);
    say(`fine-tuning ${from} (${config.cell.toUpperCase()} ${config.hiddenSize}) on ${trainBytes} bytes from ${files.length} file(s), validating on ${totalBytes(val)}`);

    const controller = new AbortController();
    const onInterrupt = () => { say('stopping (Ctrl-C); writing the model trained so far'); controller.abort(); };
    process.once('SIGINT', onInterrupt);
    let lastReport = -Infinity;
    const weights = base.model.getWeights();
    const started = Date.now();
    try {
      const result = await trainLanguageModel({
        config, initialWeights: weights, train, val, lanes, steps, learningRate: 3e-3, warmupSteps: 10, finalLearningRateFraction: 0.05,
        maxSeconds: minutes * 60, epochs, evalEverySeconds: 120, valMaxBytes: 1 << 16, signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'train' && p.seconds - lastReport < 5) return;
          lastReport = p.seconds;
          say(formatProgress(p));
        },
      });
      const model = toLayersModel(config, result.weights);
      const memory = joinMemory(files.map((f) => f.bytes));
      const metadata: LmMetadata = {
        ...base.metadata,
        training: {
          data: files.map((f) => ({ source: relative(process.cwd(), f.name) || f.name, files: 1, bytes: f.bytes.length })),
          bytesSeen: result.bytesSeen, steps: result.steps, seconds: Math.round(result.seconds), from,
          command: `train-lm --minutes ${minutes}${epochs !== undefined ? ` --epochs ${epochs}` : ''} --val-fraction ${valFraction}`,
        },
        memory: memory.info,
        metrics: { valBitsPerByte: result.valLoss },
        createdAt: new Date().toISOString(),
      };
      await checkOut(); // again: the folder may have changed while the model trained
      try {
        await saveLanguageModel(model, metadata, out, base.metadata.weightStorage ?? 'float32', [{ name: MEMORY_BIN, data: memory.bytes }]);
      } catch (e) {
        if (e instanceof ModelFormatError) throw new CliError(`cannot write ${out}: ${e.message}`);
        throw e;
      }
      say(`wrote ${out} after ${result.steps} steps (${result.stoppedBy}), ${((Date.now() - started) / 1000).toFixed(0)} s` +
        (result.valLoss !== undefined ? `, validation ${result.valLoss.toFixed(3)} bits/byte` : ''));
      tf.dispose(result.weights);
      model.dispose();
      return controller.signal.aborted ? 130 : 0;
    } finally {
      process.off('SIGINT', onInterrupt);
      tf.dispose(weights);
    }
  },
};

function formatProgress(p: TrainProgress): string {
  if (p.phase === 'eval') return `step ${p.step}: measuring validation loss`;
  const eta = p.etaSeconds !== undefined ? `, ETA ${Math.floor(p.etaSeconds / 60)}:${String(Math.round(p.etaSeconds % 60)).padStart(2, '0')}` : '';
  const val = p.valLoss !== undefined ? `, validation ${p.valLoss.toFixed(3)}` : '';
  return `${p.phase === 'done' ? 'done' : 'step'} ${p.step} epoch ${p.epoch}: loss ${p.loss.toFixed(3)}${val} bits/byte, ${Math.round(p.bytesPerSec)} bytes/s${eta}`;
}
