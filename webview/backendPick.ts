// Which tfjs backend the panel trains on: the configured one, or on `auto` WebGL, WebAssembly, then plain
// JavaScript, with WebAssembly first when WebGL is only a software rasterizer. Started once per panel.
import { initBackend, type BackendName } from '../src/model/backend';
import type { BackendChoice } from '../src/training/protocol';
import { t } from './l10n';

/**
 * The WebGL renderer when it is a software rasterizer (SwiftShader, llvmpipe): no GPU, so WebGL only adds
 * per-step readback stalls and wasm is as fast for training and faster for sampling.
 */
function softwareWebgl(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? renderer : undefined;
}

export class BackendStarter {
  private started: Promise<BackendName> | undefined;
  choice: BackendChoice = 'auto';

  /** `shown` receives the name to show (with a note on why it is not the first choice), or undefined on failure. */
  constructor(private readonly wasmBase: string, private readonly shown: (label: string | undefined) => void) {}

  start(): Promise<BackendName> {
    let note = '';
    let preference: BackendName[] = this.choice === 'auto' ? ['webgl', 'wasm', 'cpu'] : [this.choice, 'cpu'];
    if (this.choice === 'auto' && softwareWebgl()) {
      preference = ['wasm', 'webgl', 'cpu'];
      note = t(' (WebGL is software-rendered here)');
    }
    this.started ??= initBackend({ preference, wasmDir: this.wasmBase }).then((name) => {
      this.shown(name + (name === preference[0] ? note : ''));
      return name;
    }, (e: Error) => { this.shown(undefined); throw e; });
    return this.started;
  }
}
