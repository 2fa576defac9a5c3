// Two fixes to tfjs-backend-wasm 4.22 kernels that dominate training time on that backend:
//  - Slice (and SplitV, built on it) copies its WHOLE input out of the wasm heap for every slice, so a
//    split into T pieces costs T full copies. These versions read the input through a heap view.
//  - BatchMatMul with transposeA falls back to a slow loop (~50x slower here than the XNNPACK path),
//    and every weight gradient of a matmul uses it. This version transposes explicitly first.
// Both keep tfjs's semantics; other cases go to the original kernels.
import * as tf from '@tensorflow/tfjs';

interface WasmData { dataId: object; shape: number[]; dtype: tf.DataType }
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): WasmData;
  typedArrayFromHeap(t: WasmData): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}
type KernelArgs = { inputs: Record<string, WasmData>; attrs: Record<string, unknown>; backend: WasmBackend };
type KernelFn = (args: KernelArgs) => WasmData;

let patched = false;

/** Replaces the kernels on the wasm backend (once per process or page). No-op on other backends. */
export function patchWasmKernels(): void {
  if (patched || tf.getBackend() !== 'wasm') return;
  const slice = replace('Slice', (original) => (args) => {
    const x = args.inputs.x;
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string') return original(args);
    const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, begin, size);
    const continuous = tf.slice_util.isSliceContinous(x.shape, b, s);
    if (!continuous && x.shape.length !== 2) return original(args);
    const out = args.backend.makeOutput(s, x.dtype);
    // Views taken after allocating: allocation may grow (and move) the heap.
    const xs = args.backend.typedArrayFromHeap(x), os = args.backend.typedArrayFromHeap(out);
    if (continuous) {
      const offset = tf.slice_util.computeFlatOffset(b, tf.util.computeStrides(x.shape));
      os.set(xs.subarray(offset, offset + os.length));
    } else {
      const stride = x.shape[1];
      for (let i = 0; i < s[0]; i++) os.set(xs.subarray((b[0] + i) * stride + b[1], (b[0] + i) * stride + b[1] + s[1]), i * s[1]);
    }
    return out;
  });
  if (slice) {
    replace('SplitV', () => (args) => {
      const x = args.inputs.x;
      const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
      const at = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, at);
      const begin = new Array(x.shape.length).fill(0);
      return sizes.map((n) => {
        const size = [...x.shape];
        size[at] = n;
        const piece = slice({ inputs: { x }, attrs: { begin: [...begin], size }, backend: args.backend });
        begin[at] += n;
        return piece;
      }) as unknown as WasmData;
    });
  }
  const transpose = tf.getKernel('Transpose', 'wasm')!.kernelFunc as unknown as KernelFn;
  replace('BatchMatMul', (original) => (args) => {
    if (!args.attrs.transposeA) return original(args);
    const a = args.inputs.a;
    const rank = a.shape.length;
    const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
    const aT = transpose({ inputs: { x: a }, attrs: { perm }, backend: args.backend });
    const out = original({ ...args, inputs: { ...args.inputs, a: aT }, attrs: { ...args.attrs, transposeA: false } });
    args.backend.disposeData(aT.dataId);
    return out;
  });
  patched = slice !== undefined;
}

function replace(name: string, wrap: (original: KernelFn) => KernelFn): KernelFn | undefined {
  const config = tf.getKernel(name, 'wasm');
  if (!config) return undefined;
  const replacement = wrap(config.kernelFunc as unknown as KernelFn);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: replacement as unknown as tf.KernelFunc });
  return replacement;
}
