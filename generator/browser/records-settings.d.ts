// The module a site with learning records gets from the plugin's records options
// (generator.browser.records_settings_module).
export const RECORDS: {
  endpoint: string;
  whoami: string;
  // generator.render.progress.path_data without addresses: a step is a course or a scenario.
  paths: { id: string; title: string; steps: { title: string; optional: boolean; version?: number; course?: string; quiz?: string | null; scenario?: string }[] }[];
};
