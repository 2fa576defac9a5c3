// Two gaps in tfjs 4.22 that training the sentiment model runs into:
// - the wasm backend has no UnsortedSegmentSum kernel, which the gradient of an embedding lookup
//   (Gather) needs: registered here as a plain typed-array kernel;
// - the gradient of Unpack (unstack) breaks when there is one output (a one-word sentence through an
//   RNN): the engine passes a lone tensor where the gradient expects a list. Re-registered to accept both.
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function registerTrainingFixes(): void {
  tf.registerGradient({
    kernelName: 'Unpack',
    gradFunc: (dy, _saved, attrs) => {
      const list = Array.isArray(dy) ? dy : [dy];
      return { value: () => tf.stack(list, (attrs as unknown as { axis: number }).axis) };
    },
  });
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
      const wasm = backend as unknown as WasmBackendLike;
      // Rows of x (everything after the first axis) are summed into the row named by their segment id.
      const row = x.shape.slice(1).reduce((a, b) => a * b, 1);
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
      const values = wasm.typedArrayFromHeap(x);
      const ids = wasm.typedArrayFromHeap(segmentIds);
      const sums = wasm.typedArrayFromHeap(out);
      sums.fill(0);
      for (let i = 0; i < ids.length; i++) {
        const seg = ids[i];
        if (seg < 0 || seg >= numSegments) continue;
        const src = i * row;
        const dst = seg * row;
        for (let j = 0; j < row; j++) sums[dst + j] += values[src + j];
      }
      return out;
    },
  });
}
