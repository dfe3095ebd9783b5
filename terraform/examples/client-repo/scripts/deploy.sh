#!/usr/bin/env bash
# Applies the rendered manifests of the deployed services to the cluster and waits for them.
set -euo pipefail

: "${RENDERED:?}" "${CLUSTER:?_CLUSTER is not set}" "${CLUSTER_LOCATION:?_CLUSTER_LOCATION is not set}" "${PROJECT:?}"

gcloud container clusters get-credentials "${CLUSTER}" --location "${CLUSTER_LOCATION}" --project "${PROJECT}"

# The services to deploy: _SERVICES, or every service named in _IMAGES.
if [[ -z "${SERVICES:-}" || "${SERVICES}" == "all" ]]; then
  SERVICES="$(echo "${IMAGES}" | tr ',' '\n' | sed -e 's/ //g' -e '/^$/d' -e 's/=.*//' | paste -sd, -)"
fi

# Namespaces and other shared objects first, then only the services being deployed.
kubectl apply -f "${RENDERED}" -l relay.twosixty.com/shared=true
kubectl apply -f "${RENDERED}" -l "app.kubernetes.io/name in (${SERVICES})"

IFS=',' read -r -a services <<< "${SERVICES}"
for service in "${services[@]}"; do
  namespace="$(kubectl get deployments -A -l "app.kubernetes.io/name=${service}" -o jsonpath='{.items[0].metadata.namespace}')"
  kubectl -n "${namespace}" annotate "deployment/${service}" --overwrite \
    "kubernetes.io/change-cause=relay ${DEPLOY_KIND:-deploy} ${RELEASE_ID:-}" \
    "relay.twosixty.com/deployment-id=${DEPLOYMENT_ID:-}"
  kubectl -n "${namespace}" rollout status "deployment/${service}" --timeout=10m
done
