import {useCallback, useRef, useState} from 'react';

export type DispatchOptions = {
	/** false: the keys see the change at once, the screen only with the next `draw` or dispatch. */
	draw?: boolean;
};

/**
 * A reducer whose newest state can be read at once: several keys of one input chunk are
 * handled one after the other, and each must see what the one before it did.
 */
export function useSyncReducer<S, A>(reducer: (state: S, action: A) => S, initial: () => S) {
	const ref = useRef<S>(undefined as S);
	const [state, setState] = useState(() => {
		ref.current = initial();
		return ref.current;
	});
	const dispatch = useCallback(
		(action: A, options: DispatchOptions = {}) => {
			ref.current = reducer(ref.current, action);
			if (options.draw !== false) setState(ref.current);
		},
		[reducer],
	);
	const getState = useCallback(() => ref.current, []);
	const draw = useCallback(() => setState(ref.current), []);
	return [state, dispatch, getState, draw] as const;
}
