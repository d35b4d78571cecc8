/**
 * ESLint (flat config): the JavaScript and TypeScript recommended rules, React's rules of hooks,
 * and jsx-a11y's recommended accessibility rules. Why these and not more: docs/decisions/010.
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".bench/", "tests/.tmp/", "playwright-report/", "test-results/", ".cache/", "ci-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    // React's rules of hooks where React components live (the tests' `use…` helpers are not hooks).
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // A leading underscore marks a value left unused on purpose (a destructured-away field).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "no-duplicate-imports": ["error", { allowSeparateTypeImports: true }],
      // A scrolling table's frame is a labelled region that takes focus so the keyboard can scroll it (axe: scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
    },
  },
  {
    // Migrations work on any schema (kysely's convention: Kysely<any>); tests read JSON bodies and build broken documents freely.
    files: ["db/migrate.ts", "db/migrations/**", "tests/**", "app/**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
