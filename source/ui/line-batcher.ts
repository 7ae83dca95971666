/**
 * Collects items and hands them over at most once per `intervalMs`: a server can send thousands
 * of lines a second, and one screen update per line would leave no time for anything else.
 */
export type Batcher<T> = {push: (item: T) => void; flush: () => void; dispose: () => void};

export function createBatcher<T>(deliver: (items: T[]) => void, intervalMs = 33): Batcher<T> {
	let pending: T[] = [];
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		if (pending.length === 0) return;
		const items = pending;
		pending = [];
		deliver(items);
	};
	return {
		push(item) {
			pending.push(item);
			timer ??= setTimeout(flush, intervalMs);
		},
		flush,
		dispose() {
			clearTimeout(timer);
			timer = undefined;
			pending = [];
		},
	};
}
