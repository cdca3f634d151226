// The dev loop's scheduler: saves are debounced into one update, updates never overlap, and a
// save during an update queues exactly one more (however many saves arrive meanwhile). kick()
// asks for one update with no saved path (the dev loop's convergence), on the same terms.

export type UpdateRunner = (changedPaths: readonly string[], firstSaveAt: number) => Promise<void>;

export interface UpdateQueueOptions {
    /** Quiet time after the last save before an update starts (an editor writes a file in bursts). */
    readonly debounceMs: number;
    readonly now?: () => number;
}

export class UpdateQueue {
    private pending: string[] = [];
    private firstSaveAt: number | undefined;
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<void> | undefined;
    private closed = false;
    private kicked = false;
    private readonly now: () => number;

    constructor(private readonly run: UpdateRunner, private readonly opts: UpdateQueueOptions) {
        this.now = opts.now ?? Date.now;
    }

    /** A file was saved. */
    notify(changedPath: string): void {
        if (this.closed) {
            return;
        }
        if (!this.pending.includes(changedPath)) {
            this.pending.push(changedPath);
        }
        this.firstSaveAt ??= this.now();
        if (this.running) {
            return; // picked up when the running update ends
        }
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.start(), this.opts.debounceMs);
    }

    /** Asks for one run with no changed paths, after the running one if any. */
    kick(): void {
        if (this.closed) {
            return;
        }
        this.kicked = true;
        if (!this.running) {
            clearTimeout(this.timer);
            this.timer = setTimeout(() => this.start(), 0);
        }
    }

    /** True while an update runs. */
    get busy(): boolean {
        return this.running !== undefined;
    }

    /** Stops taking saves; resolves when the running update (if any) has ended. */
    async close(): Promise<void> {
        this.closed = true;
        clearTimeout(this.timer);
        this.pending = [];
        await this.running;
    }

    private start(): void {
        if (this.closed || this.running || (this.pending.length === 0 && !this.kicked)) {
            return;
        }
        const paths = this.pending;
        const firstSaveAt = this.firstSaveAt ?? this.now();
        this.pending = [];
        this.firstSaveAt = undefined;
        this.kicked = false;
        this.running = this.run(paths, firstSaveAt)
            .catch(() => undefined) // the runner reports its own failures; the loop goes on
            .finally(() => {
                this.running = undefined;
                if (this.pending.length > 0 || this.kicked) {
                    this.timer = setTimeout(() => this.start(), this.opts.debounceMs);
                }
            });
    }
}
