// Which hidden units track which property of the text: the Pearson correlation of each unit's activation
// with each property over the characters read, accumulated as sums so that several texts (or files) add up.
import { PROPERTIES, type PropertyName } from './properties';

export interface UnitFinding {
  unit: number;
  /** The property the unit follows most closely. */
  property: PropertyName;
  /** Pearson correlation, signed (a unit may be low where the property is high). */
  correlation: number;
  /** Characters the correlation was computed over. */
  samples: number;
}

export class UnitCorrelations {
  private n = 0;
  private readonly sumH: Float64Array;
  private readonly sumHH: Float64Array;
  /** [property][unit]: Σ h·p. */
  private readonly sumHP: Float64Array;
  private readonly sumP = new Float64Array(PROPERTIES.length);
  private readonly sumPP = new Float64Array(PROPERTIES.length);

  constructor(readonly units: number) {
    this.sumH = new Float64Array(units);
    this.sumHH = new Float64Array(units);
    this.sumHP = new Float64Array(units * PROPERTIES.length);
  }

  get samples(): number {
    return this.n;
  }

  /**
   * Adds one sample: the units' activations h[offset, offset + units) and the properties' values at
   * `index` of each row of `properties` (see textProperties).
   */
  add(h: Float32Array, offset: number, properties: Float32Array[], index: number): void {
    const H = this.units;
    this.n++;
    for (let j = 0; j < H; j++) {
      const v = h[offset + j];
      this.sumH[j] += v;
      this.sumHH[j] += v * v;
    }
    for (let p = 0; p < PROPERTIES.length; p++) {
      const x = properties[p][index];
      this.sumP[p] += x;
      this.sumPP[p] += x * x;
      if (x === 0) continue;
      const row = p * H;
      for (let j = 0; j < H; j++) this.sumHP[row + j] += h[offset + j] * x;
    }
  }

  /** The correlation of `unit` with property index `p`; 0 where either never varied. */
  correlation(unit: number, p: number): number {
    const n = this.n;
    if (n < 2) return 0;
    const H = this.units;
    const covariance = this.sumHP[p * H + unit] - (this.sumH[unit] * this.sumP[p]) / n;
    const varH = this.sumHH[unit] - (this.sumH[unit] * this.sumH[unit]) / n;
    const varP = this.sumPP[p] - (this.sumP[p] * this.sumP[p]) / n;
    // Relative floors: a property or unit constant over the text has float noise, not variance.
    if (varP <= 1e-9 * Math.max(1, this.sumPP[p]) || varH <= 1e-9 * Math.max(1, this.sumHH[unit])) return 0;
    const r = covariance / Math.sqrt(varH * varP);
    return Math.max(-1, Math.min(1, r));
  }

  /** Each unit with the property it follows best, strongest |correlation| first. */
  ranked(): UnitFinding[] {
    const findings: UnitFinding[] = [];
    for (let j = 0; j < this.units; j++) {
      let best = 0, bestP = 0;
      for (let p = 0; p < PROPERTIES.length; p++) {
        const r = this.correlation(j, p);
        if (Math.abs(r) > Math.abs(best)) { best = r; bestP = p; }
      }
      findings.push({ unit: j, property: PROPERTIES[bestP], correlation: best, samples: this.n });
    }
    return findings.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || a.unit - b.unit);
  }
}
