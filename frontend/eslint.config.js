import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import checkFile from "eslint-plugin-check-file";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = path.dirname(fileURLToPath(import.meta.url));

function featureNames() {
  try {
    return readdirSync(path.join(root, "src/features"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

// The layout's promises (STYLE.md "Frontend layout"), as import-x zones:
// a feature imports no other feature and never app/; shared code imports neither.
const boundaryZones = [
  ...featureNames().map((name) => ({
    target: `./src/features/${name}`,
    from: "./src/features",
    except: [`./${name}`],
    message: "Features do not import each other; compose them in a page under app/routes/.",
  })),
  {
    target: "./src/features",
    from: "./src/app",
    message: "Features do not import app/; app/ composes features.",
  },
  {
    target: ["./src/api", "./src/components", "./src/config", "./src/lib", "./src/utils"],
    from: ["./src/app", "./src/features"],
    message: "Shared code does not depend on features or app/.",
  },
];

export default defineConfig(
  globalIgnores(["dist", "src/api/schema.d.ts"]),
  {
    files: ["**/*.{js,mjs,ts,tsx}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
  },
  {
    files: ["*.{js,ts}", "scripts/**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat["recommended-latest"]],
    plugins: { "import-x": importX, "check-file": checkFile },
    settings: {
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".json"],
          alias: { "@": [path.join(root, "src")] },
        }),
      ],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: boundaryZones }],
      "import-x/no-cycle": "error",
      "import-x/no-duplicates": "error",
      "check-file/filename-naming-convention": [
        "error",
        { "src/**/*.{ts,tsx}": "KEBAB_CASE" },
        { ignoreMiddleExtensions: true },
      ],
      "check-file/folder-naming-convention": ["error", { "src/**/": "KEBAB_CASE" }],
      // API data is typed by schema.d.ts; a double cast hides a mismatch with the server.
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSAsExpression > TSAsExpression[typeAnnotation.type='TSUnknownKeyword']",
          message: "No `as unknown as`: fix the type at its source (schema.d.ts) instead.",
        },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
);
