// Fixed-seed synthetic vectors for the data-plane benchmark: points drawn around a fixed set of
// Gaussian cluster centres, so runs are repeatable and the data has the lumpy structure of real
// embeddings rather than uniform noise. Pure functions of the seeds: the same call gives the same
// bytes on every machine (mulberry32 + Box-Muller, all in float64 before the float32 store).

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates from a uniform source (Box-Muller, both values of each pair used). */
function gaussian(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export interface ClusterOptions {
  dim: number;
  /** Number of cluster centres. */
  clusters: number;
  /** Seed of the centres: streams with the same centre seed share the clusters. */
  centreSeed: number;
  /** Seed of the points drawn around them. */
  pointSeed: number;
  /** Standard deviation of a point around its centre, per coordinate (centres are N(0, 1)). */
  spread?: number;
}

/**
 * An endless stream of clustered vectors: `next(n)` returns the next n vectors, row-major, in
 * a fresh Float32Array. Two streams with the same options produce the same vectors.
 */
export class ClusteredVectors {
  private readonly centres: Float32Array;
  private readonly uniform: () => number;
  private readonly normal: () => number;
  private readonly spread: number;

  constructor(private readonly options: ClusterOptions) {
    const { dim, clusters, centreSeed, pointSeed } = options;
    const centreNormal = gaussian(mulberry32(centreSeed));
    this.centres = new Float32Array(clusters * dim);
    for (let i = 0; i < this.centres.length; i++) this.centres[i] = centreNormal();
    this.uniform = mulberry32(pointSeed);
    this.normal = gaussian(this.uniform);
    this.spread = options.spread ?? 0.35;
  }

  next(n: number): Float32Array {
    const { dim, clusters } = this.options;
    const out = new Float32Array(n * dim);
    for (let r = 0; r < n; r++) {
      const c = Math.floor(this.uniform() * clusters) * dim;
      const base = r * dim;
      for (let j = 0; j < dim; j++) out[base + j] = this.centres[c + j]! + this.spread * this.normal();
    }
    return out;
  }
}
