/**
 * What the launcher (source/launcher.ts, the `smtp-config` command) and the program it runs tell
 * each other, through one global: the program runs inside a vm.Script, which cannot import().
 */
export type LauncherLink = {
	/** dist/editor.js, an ES module. */
	importEditor: () => Promise<typeof import('./ui/run-editor.js')>;
	/** Which command this run is ("editor" for the bare command): the code cache records it. */
	commandRuns: (name: string) => void;
};

const key = Symbol.for('smtp-config.launcher');

export function setLauncherLink(link: LauncherLink): void {
	(globalThis as Record<symbol, unknown>)[key] = link;
}

/** Undefined when the program runs without the launcher (the tests that import it). */
export function launcherLink(): LauncherLink | undefined {
	return (globalThis as Record<symbol, LauncherLink | undefined>)[key];
}
