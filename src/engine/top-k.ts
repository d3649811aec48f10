// The k best items by score, kept in a bounded binary heap whose root is the worst kept item,
// so each candidate costs one comparison unless it gets in.
export class TopK<T> {
  private readonly scores: number[] = [];
  private readonly items: T[] = [];

  /** `ascending`: smaller scores are better (distances); otherwise larger (similarities). */
  constructor(
    private readonly k: number,
    private readonly ascending: boolean,
  ) {}

  /** True when `a` is worse than `b`. */
  private worse(a: number, b: number): boolean {
    return this.ascending ? a > b : a < b;
  }

  /** Whether `score` would enter: check before building the item, most candidates do not. */
  accepts(score: number): boolean {
    return this.k > 0 && (this.scores.length < this.k || this.worse(this.scores[0]!, score));
  }

  push(score: number, item: T): void {
    if (this.k <= 0) return;
    const n = this.scores.length;
    if (n < this.k) {
      this.scores.push(score);
      this.items.push(item);
      this.siftUp(n);
      return;
    }
    if (!this.worse(this.scores[0]!, score)) return;
    this.scores[0] = score;
    this.items[0] = item;
    this.siftDown(0);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(this.scores[i]!, this.scores[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(this.scores[l]!, this.scores[worst]!)) worst = l;
      if (r < n && this.worse(this.scores[r]!, this.scores[worst]!)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }

  /** Best first. */
  sorted(): { items: T[]; scores: number[] } {
    const order = this.scores
      .map((_, i) => i)
      .sort((a, b) => (this.ascending ? this.scores[a]! - this.scores[b]! : this.scores[b]! - this.scores[a]!));
    return { items: order.map((i) => this.items[i]!), scores: order.map((i) => this.scores[i]!) };
  }
}
