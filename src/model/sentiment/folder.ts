// Reads a sentiment model folder from disk (Node), with clear errors for missing or corrupt files.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isInside } from '../../fs/paths';
import { checkMetadata, METADATA_JSON, MODEL_JSON, SentimentModelError, VOCABULARY_JSON, WEIGHTS_BIN } from './artifacts';
import { SentimentClassifier, type SentimentArtifacts } from './classifier';

export function readSentimentArtifacts(dir: string): SentimentArtifacts {
  if (!existsSync(dir)) throw new SentimentModelError(`sentiment model folder not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new SentimentModelError(`not a sentiment model folder: ${dir}`);
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new SentimentModelError(`${dir} is not a sentiment model folder: ${name} is missing`);
    return readFileSync(path);
  };
  const json = (name: string) => {
    const bytes = read(name);
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new SentimentModelError(`${join(dir, name)} is corrupt: ${(e as Error).message}`);
    }
  };
  const metadata = checkMetadata(json(METADATA_JSON));
  const root = realpathSync(dir);
  return {
    metadata,
    vocabulary: json(VOCABULARY_JSON),
    members: metadata.members.map((sub) => {
      // Named inside the folder (checkMetadata), and still inside once links are followed.
      const real = existsSync(join(dir, sub)) ? realpathSync(join(dir, sub)) : join(root, sub);
      if (real === root || !isInside(root, real)) {
        throw new SentimentModelError(`member "${sub}" is not a folder inside the model folder`);
      }
      const bin = read(join(sub, WEIGHTS_BIN));
      return { modelJson: json(join(sub, MODEL_JSON)), weights: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer };
    }),
  };
}

export function loadSentimentClassifier(dir: string): SentimentClassifier {
  try {
    return SentimentClassifier.fromArtifacts(readSentimentArtifacts(dir));
  } catch (e) {
    if (e instanceof SentimentModelError && !e.message.includes(dir)) throw new SentimentModelError(`${dir}: ${e.message}`);
    throw e;
  }
}
