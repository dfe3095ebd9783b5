#!/usr/bin/env bash
# Pins images by digest in a kustomize overlay.
#   OVERLAY   overlay folder whose kustomization.yaml gets an `images:` list
#   IMAGES    comma-separated service=image@sha256:<64 hex>
#   SERVICES  comma-separated services to pin; empty or "all" = every service in IMAGES
set -euo pipefail

overlay="${OVERLAY:?OVERLAY is not set}"
kustomization="${overlay}/kustomization.yaml"
[[ -f "${kustomization}" ]] || { echo "no ${kustomization}" >&2; exit 1; }
[[ -n "${IMAGES:-}" ]] || { echo "_IMAGES is empty: nothing to deploy" >&2; exit 1; }
if grep -q '^images:' "${kustomization}"; then
  echo "${kustomization} already has an images: list; pin images in one place only" >&2
  exit 1
fi

wanted=",${SERVICES:-},"
count=0
{
  echo ""
  echo "# Set by scripts/set-images.sh for release ${RELEASE_ID:-?}"
  echo "images:"
  IFS=',' read -r -a entries <<< "${IMAGES}"
  for entry in "${entries[@]}"; do
    entry="${entry// /}"
    [[ -n "${entry}" ]] || continue
    service="${entry%%=*}"
    reference="${entry#*=}"
    image="${reference%@*}"
    digest="${reference##*@}"
    if [[ "${service}" == "${entry}" || "${image}" == "${reference}" ]]; then
      echo "bad _IMAGES entry '${entry}': expected service=image@sha256:<digest>" >&2
      exit 1
    fi
    if [[ ! "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]]; then
      echo "bad digest for ${service}: '${digest}'" >&2
      exit 1
    fi
    if [[ "${wanted}" != ",," && "${wanted}" != ",all," && "${wanted}" != *",${service},"* ]]; then
      continue
    fi
    echo "  - name: ${service}"
    echo "    newName: ${image}"
    echo "    digest: ${digest}"
    count=$((count + 1))
  done
} > "${kustomization}.images"

if [[ "${count}" -eq 0 ]]; then
  rm -f "${kustomization}.images"
  echo "no image in _IMAGES matches _SERVICES='${SERVICES:-}'" >&2
  exit 1
fi
cat "${kustomization}.images" >> "${kustomization}"
rm -f "${kustomization}.images"
echo "pinned ${count} image(s) in ${kustomization}"
