/** Base URL of the Temporal Web UI, from VITE_TEMPORAL_UI at build time (see vite.config.ts). */
declare const __TEMPORAL_UI__: string;
