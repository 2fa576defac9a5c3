// Whether completions switch to a fine-tune's model: only when it validates better than the model in use,
// on the same validation bytes. No measurement (too little validation text) is no evidence: they do not switch.

export type Verdict =
  | { switch: true; beforeBpb: number; afterBpb: number }
  | { switch: false; reason: 'worse'; beforeBpb: number; afterBpb: number }
  | { switch: false; reason: 'unmeasured'; beforeBpb?: number; afterBpb?: number };

/** `beforeBpb`: the model in use when the run started; `afterBpb`: the checkpoint the run kept. */
export function switchVerdict(beforeBpb: number | undefined, afterBpb: number | undefined): Verdict {
  if (beforeBpb === undefined || afterBpb === undefined) return { switch: false, reason: 'unmeasured', beforeBpb, afterBpb };
  return afterBpb < beforeBpb ? { switch: true, beforeBpb, afterBpb } : { switch: false, reason: 'worse', beforeBpb, afterBpb };
}
