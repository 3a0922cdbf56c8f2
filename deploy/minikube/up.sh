#!/usr/bin/env bash
# Runs Postwire on minikube (or on the cluster kubectl points at, with MINIKUBE=none):
# the CloudNativePG operator, kube-prometheus-stack, the JWT key Secret, the image, and
# the chart that `./mvnw package` generated, with deploy/minikube/values.yaml.
# Needs kubectl, helm 3, docker (or podman) and, for minikube, minikube itself.
# Not run on the project's machines: they have no Kubernetes API server.
set -euo pipefail
cd "$(dirname "$0")/../.."

NAMESPACE=${NAMESPACE:-postwire}
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
IMAGE=postwire/postwire:$VERSION

if [ "${MINIKUBE:-minikube}" != none ]; then
  minikube status > /dev/null 2>&1 || minikube start --cpus 4 --memory 6g
fi

# 1. Operators: CloudNativePG (PostgreSQL clusters) and the Prometheus stack (Prometheus
#    Operator, Prometheus, Grafana). Prometheus picks up the ServiceMonitors and
#    PrometheusRules of every release, Grafana's sidecar the dashboard ConfigMaps of every namespace.
helm repo add cnpg https://cloudnative-pg.github.io/charts > /dev/null
helm repo add prometheus-community https://prometheus-community.github.io/helm-charts > /dev/null
helm repo update > /dev/null
helm upgrade --install cnpg cnpg/cloudnative-pg --namespace cnpg-system --create-namespace --wait
helm upgrade --install monitoring prometheus-community/kube-prometheus-stack \
  --namespace monitoring --create-namespace --wait \
  --set prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues=false \
  --set prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues=false \
  --set grafana.sidecar.dashboards.searchNamespace=ALL

# 2. The chart and the image (from Quarkus' aot-jar packaging, see src/main/docker/Dockerfile.jvm).
./mvnw -B -q package -DskipTests -Dquarkus.package.jar.aot.enabled=true
docker build -f src/main/docker/Dockerfile.jvm -t "$IMAGE" .
[ "${MINIKUBE:-minikube}" = none ] || minikube image load "$IMAGE"

# 3. The JWT key pair, made here once and kept only in the Secret.
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
if ! kubectl -n "$NAMESPACE" get secret postwire-jwt > /dev/null 2>&1; then
  keys=$(mktemp -d)
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private-key.pem" 2> /dev/null
  openssl pkey -in "$keys/private-key.pem" -pubout -out "$keys/public-key.pem"
  kubectl -n "$NAMESPACE" create secret generic postwire-jwt \
    --from-file="$keys/public-key.pem" --from-file="$keys/private-key.pem"
  rm -rf "$keys"
fi

# 4. The app and its PostgreSQL cluster. The pods wait (CreateContainerConfigError) until
#    the operator has made the Secret postwire-db-app, then start and migrate the schema.
helm upgrade --install postwire target/helm/kubernetes/postwire --namespace "$NAMESPACE" \
  -f deploy/minikube/values.yaml --set app.image.tag="$VERSION" --wait --timeout 10m
kubectl -n "$NAMESPACE" get cluster,pods,svc,servicemonitor,prometheusrule,configmap

cat <<INFO

The API:        kubectl -n $NAMESPACE port-forward svc/postwire 8080:80   then  curl localhost:8080/posts
Health:         kubectl -n $NAMESPACE port-forward svc/postwire 9000:9000  then  curl localhost:9000/q/health/ready
Prometheus:     kubectl -n monitoring port-forward svc/monitoring-kube-prometheus-prometheus 19090:9090
                (Status > Targets lists serviceMonitor/$NAMESPACE/postwire/0)
Grafana:        kubectl -n monitoring port-forward svc/monitoring-grafana 3000:80
INFO
