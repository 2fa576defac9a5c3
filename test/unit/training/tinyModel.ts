// A tiny, valid language-model folder (as files) for tests of saving, checking and loading models.
import { encodeLanguageModel } from '../../../src/model/lm/artifacts';
import { describeArchitecture, LM_FORMAT_VERSION, type WeightStorage } from '../../../src/model/lm/metadata';
import { buildLanguageModel, parameterCount, type LmConfig } from '../../../src/model/lm/model';
import type { ModelFile } from '../../../src/model/lm/modelCheck';

export async function tinyModelFiles(config: LmConfig, storage: WeightStorage = 'float32'): Promise<ModelFile[]> {
  const model = buildLanguageModel(config, { seed: 1 });
  const a = await encodeLanguageModel(model, {
    formatVersion: LM_FORMAT_VERSION, tokenizer: 'utf8-bytes', architecture: describeArchitecture(config, parameterCount(config)),
    weightStorage: 'float32', training: { data: [], bytesSeen: 0, steps: 0, seconds: 0 }, metrics: {}, createdAt: '2026-01-01T00:00:00Z',
  }, storage);
  model.dispose();
  const enc = new TextEncoder();
  return [
    { name: 'model.json', data: enc.encode(JSON.stringify(a.modelJson)) },
    { name: 'weights.bin', data: new Uint8Array(a.weightData) },
    { name: 'metadata.json', data: enc.encode(JSON.stringify(a.metadata)) },
  ];
}
