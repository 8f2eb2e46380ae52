// The root tsconfig resolves packages the node10 way, which ignores Vite's `exports` map;
// this points the bare 'vite' specifier at the declarations Vite actually ships.
declare module 'vite' {
  export * from 'vite/dist/node/index';
}
