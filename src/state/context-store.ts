// The "expected context" the user gives beside a dump: an expected trace id and the traceparent /
// baggage the agent received. Persisted (small) so it survives reload.

import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface ExpectedContextState {
  traceId: string;
  traceparent: string;
  baggage: string;
}

export const initialContext = (): ExpectedContextState => ({
  traceId: '',
  traceparent: '',
  baggage: '',
});

export const useContextStore = create<ExpectedContextState>()(
  persist(() => initialContext(), { name: 'tpd.expected-context' }),
);

export function setExpectedContext(patch: Partial<ExpectedContextState>): void {
  useContextStore.setState(patch);
}

export function clearExpectedContext(): void {
  useContextStore.setState(initialContext());
}
