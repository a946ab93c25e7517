// ts-fsrs (site_overrides/assets/vendor/ts-fsrs, its UMD build) is loaded before the review page's module and
// defines the global FSRS; its types come from the same npm package, pinned in package.json.
declare const FSRS: typeof import("ts-fsrs");

// Material's page observable (its bundle.js, loaded before the portal's modules): the catalog sets its filter up
// on each page Material shows.
declare const document$: { subscribe(next: () => void): unknown } | undefined;
