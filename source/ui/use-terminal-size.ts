import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

const sizeOf = (stream: NodeJS.WriteStream) => ({columns: stream.columns || 80, rows: stream.rows || 24});

/** The terminal's size, updated when it is resized. */
export function useTerminalSize() {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => setSize(sizeOf(stdout));
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
