#!/usr/bin/env bash
# Vendor the Vega-Lite chart libraries and Swagger UI (the API docs) into src/tradebridge/web/static/vendor/ from the npm registry.
# The dashboard serves these files itself (no CDN at run time). Run from the project root:
#   scripts/vendor_js.sh            # versions pinned below
#   VEGA=5.30.0 scripts/vendor_js.sh
set -euo pipefail
VEGA="${VEGA:-5.33.1}"
VEGA_LITE="${VEGA_LITE:-5.23.0}"
VEGA_EMBED="${VEGA_EMBED:-6.29.0}"
VEGA_INTERPRETER="${VEGA_INTERPRETER:-1.2.1}"  # Vega expressions without eval (CSP without unsafe-eval)
SWAGGER_UI="${SWAGGER_UI:-5.35.0}"
DEST="src/tradebridge/web/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$DEST"
(cd "$TMP" && npm pack --silent "vega@${VEGA}" "vega-lite@${VEGA_LITE}" "vega-embed@${VEGA_EMBED}" \
  "vega-interpreter@${VEGA_INTERPRETER}" >/dev/null)
for pkg in vega vega-interpreter vega-lite vega-embed; do
  tgz="$(ls "$TMP"/${pkg}-[0-9]*.tgz)"
  mkdir -p "$TMP/$pkg"
  tar -xzf "$tgz" -C "$TMP/$pkg"
  cp "$TMP/$pkg/package/build/${pkg}.min.js" "$DEST/${pkg}.min.js"
  ver="$(node -p "require('$TMP/$pkg/package/package.json').version")"
  lic="$(node -p "require('$TMP/$pkg/package/package.json').license")"
  cp "$TMP/$pkg/package/LICENSE" "$DEST/LICENSE-${pkg}" 2>/dev/null || true
  echo "$pkg $ver $lic"
done | tee "$DEST/VERSIONS"
# The API docs (/api/docs): Swagger UI's prebuilt bundle and stylesheet, with its licence and notice.
(cd "$TMP" && npm pack --silent "swagger-ui-dist@${SWAGGER_UI}" >/dev/null)
mkdir -p "$TMP/swagger-ui-dist"
tar -xzf "$TMP"/swagger-ui-dist-[0-9]*.tgz -C "$TMP/swagger-ui-dist"
for f in swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css; do
  cp "$TMP/swagger-ui-dist/package/$f" "$DEST/$f"
done
cp "$TMP/swagger-ui-dist/package/LICENSE" "$DEST/LICENSE-swagger-ui-dist"
cp "$TMP/swagger-ui-dist/package/NOTICE" "$DEST/NOTICE-swagger-ui-dist"
pkg="$TMP/swagger-ui-dist/package/package.json"
echo "swagger-ui-dist $(node -p "require('$pkg').version") $(node -p "require('$pkg').license")" | tee -a "$DEST/VERSIONS"
