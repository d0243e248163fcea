/** Build-time settings from Vite's environment, read in one typed place. */
export const env = {
  mode: import.meta.env.MODE,
  isDev: import.meta.env.DEV,
  appName: "Hooklane",
} as const;
