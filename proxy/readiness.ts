// Readiness as a set of named tasks still pending (ztunnel's habit): /ready is 200 only when the
// set is empty, and otherwise says what it is waiting for.
export class Readiness {
  private readonly pendingTasks = new Set<string>();

  /** Register a task; call the returned function once it is done. */
  register(name: string): () => void {
    this.pendingTasks.add(name);
    return () => {
      this.pendingTasks.delete(name);
    };
  }

  pending(): string[] {
    return [...this.pendingTasks].sort();
  }

  ready(): boolean {
    return this.pendingTasks.size === 0;
  }
}
