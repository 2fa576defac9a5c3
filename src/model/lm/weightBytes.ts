// Bytes a weight takes in weights.bin, from its manifest entry. Free of tfjs, so that the extension host
// can check a model folder without loading it.

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1, bool: 1 };

export interface StoredWeightSpec {
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

/** NaN for a type or shape that is not a weight's. */
export function storedBytes(spec: StoredWeightSpec): number {
  const size = DTYPE_BYTES[spec.quantization?.dtype ?? spec.dtype];
  if (!size || !Array.isArray(spec.shape)) return NaN;
  return size * spec.shape.reduce((a, b) => a * b, 1);
}
