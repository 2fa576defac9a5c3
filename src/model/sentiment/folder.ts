// Reads a sentiment model folder from disk (Node), with clear errors for missing or corrupt files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_JSON, MODEL_JSON, SentimentModelError, VOCABULARY_JSON, WEIGHTS_BIN } from './artifacts';
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
  const metadata = json(METADATA_JSON);
  const members = Array.isArray(metadata?.members) ? (metadata.members as unknown[]) : [];
  return {
    metadata,
    vocabulary: json(VOCABULARY_JSON),
    members: members.map((m) => {
      const sub = String(m);
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
