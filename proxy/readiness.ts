// Readiness as a set of named tasks still pending (ztunnel's habit): /ready is 200 only when the
// set is empty, and otherwise says what it is waiting for. A task may add a detail that changes
// while it waits (which ports still lack policy, the last error), so /ready tells an operator why.
// onceReady lets the proxy log "ready" at the moment /ready turns 200, not when it merely listens.
export class Readiness {
  private readonly pendingTasks = new Map<string, (() => string | undefined) | undefined>();
  private readonly readyListeners: Array<() => void> = [];

  /** Register a task; call the returned function once it is done (later calls do nothing). */
  register(name: string, detail?: () => string | undefined): () => void {
    this.pendingTasks.set(name, detail);
    return () => {
      if (this.pendingTasks.delete(name) && this.pendingTasks.size === 0) {
        for (const listener of this.readyListeners.splice(0)) listener();
      }
    };
  }

  /** Call `listener` once, when no task is pending any more (at once if none is now). */
  onceReady(listener: () => void): void {
    if (this.ready()) listener();
    else this.readyListeners.push(listener);
  }

  /** Pending tasks, sorted by name: `name`, or `name (detail)` when the task has one now. */
  pending(): string[] {
    return [...this.pendingTasks.keys()].sort().map((name) => {
      const d = this.pendingTasks.get(name)?.();
      return d ? `${name} (${d})` : name;
    });
  }

  ready(): boolean {
    return this.pendingTasks.size === 0;
  }
}
