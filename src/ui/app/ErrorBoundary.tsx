import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Last resort: a rendering bug shows a message and a retry button; stores (and input) survive. */
export class ErrorBoundary extends Component<{ children: ReactNode; label: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="panel error-box">
        <p>
          The {this.props.label} crashed: {this.state.error.message}. Your input is kept.
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
