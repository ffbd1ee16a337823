/// <reference types="vite/client" />

declare module 'virtual:samples' {
  /** Paths of every file under public/samples, relative to it. */
  const samples: string[];
  export default samples;
}
