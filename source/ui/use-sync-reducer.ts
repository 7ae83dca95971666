import {useCallback, useRef, useState} from 'react';

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
		(action: A) => {
			ref.current = reducer(ref.current, action);
			setState(ref.current);
		},
		[reducer],
	);
	const getState = useCallback(() => ref.current, []);
	return [state, dispatch, getState] as const;
}
