{{/*
Names the CloudNativePG operator derives from the Cluster's name: the Secret
"<cluster>-app" (keys username, password) and the read-write Service "<cluster>-rw".
*/}}
{{- define "postwire.cnpg.appSecret" -}}
{{ .Values.app.cnpg.clusterName }}-app
{{- end }}
{{- define "postwire.cnpg.rwService" -}}
{{ .Values.app.cnpg.clusterName }}-rw
{{- end }}

{{/* The Pooler, and the Service of the same name the operator makes for it. */}}
{{- define "postwire.cnpg.poolerName" -}}
{{ .Values.app.cnpg.clusterName }}-pooler-rw
{{- end }}

{{/*
The datasource: the CloudNativePG cluster's when it is on (through its Pooler when that is
on), else the external database's. A PgBouncer without prepared-statement support in
transaction mode (maxPreparedStatements 0, as Debian's 1.18) needs pgjdbc's unnamed
statements only: prepareThreshold=0.
*/}}
{{- define "postwire.jdbcUrl" -}}
{{- if and .Values.app.cnpg.enabled .Values.app.cnpg.pooler.enabled -}}
jdbc:postgresql://{{ include "postwire.cnpg.poolerName" . }}:5432/{{ .Values.app.cnpg.database }}
{{- if eq (int .Values.app.cnpg.pooler.maxPreparedStatements) 0 }}?prepareThreshold=0{{ end }}
{{- else if .Values.app.cnpg.enabled -}}
jdbc:postgresql://{{ include "postwire.cnpg.rwService" . }}:5432/{{ .Values.app.cnpg.database }}
{{- else -}}
{{ required "app.database.jdbcUrl is required when app.cnpg.enabled is false" .Values.app.database.jdbcUrl }}
{{- end }}
{{- end }}
{{- define "postwire.databaseSecret" -}}
{{- if .Values.app.cnpg.enabled -}}
{{ include "postwire.cnpg.appSecret" . }}
{{- else -}}
{{ required "app.database.existingSecret is required when app.cnpg.enabled is false" .Values.app.database.existingSecret }}
{{- end }}
{{- end }}

{{/*
The container's env: only standard Quarkus/MicroProfile names. Credentials come
from the Secret (never a value here); the JWT keys are files from the Secret that
is mounted at /etc/postwire/jwt.
*/}}
{{- define "postwire.env" -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ include "postwire.jdbcUrl" . | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "postwire.databaseSecret" . }}
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "postwire.databaseSecret" . }}
      key: password
- name: QUARKUS_DATASOURCE_JDBC_MAX_SIZE
  value: {{ .Values.app.databasePool.maxSize | quote }}
- name: QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SOCKETTIMEOUT
  value: {{ .Values.app.database.socketTimeoutSeconds | quote }}
- name: QUARKUS_SHUTDOWN_TIMEOUT
  value: {{ printf "%ds" (int .Values.app.shutdown.timeoutSeconds) | quote }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: /etc/postwire/jwt/{{ .Values.app.jwt.publicKeyFile }}
- name: SMALLRYE_JWT_SIGN_KEY_LOCATION
  value: /etc/postwire/jwt/{{ .Values.app.jwt.privateKeyFile }}
- name: QUARKUS_HTTP_ACCESS_LOG_ENABLED
  value: {{ .Values.app.accessLog.enabled | quote }}
- name: QUARKUS_MANAGEMENT_PORT
  value: {{ .Values.app.ports.management | quote }}
{{- with .Values.app.jvm.options }}
- name: JAVA_OPTS_APPEND
  value: {{ . | quote }}
{{- end }}
{{- if .Values.app.tracing.enabled }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ required "app.tracing.endpoint is required when app.tracing.enabled is true" .Values.app.tracing.endpoint | quote }}
- name: QUARKUS_OTEL_TRACES_SAMPLER_ARG
  value: {{ .Values.app.tracing.samplerRatio | toString | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: OTEL_RESOURCE_ATTRIBUTES
  value: k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)
{{- end }}
- name: POSTWIRE_JWT_VERIFY_KEYS
  value: /etc/postwire/jwt/{{ .Values.app.jwt.publicKeyFile }}{{ with .Values.app.jwt.previousPublicKeyFile }},/etc/postwire/jwt/{{ . }}{{ end }}
{{- with .Values.app.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}


{{/*
Pods at most: the HPA's maximum when autoscaling is on, else replicas.
*/}}
{{- define "postwire.maxPods" -}}
{{ if .Values.app.autoscaling.enabled }}{{ .Values.app.autoscaling.maxReplicas }}{{ else }}{{ .Values.app.replicas }}{{ end }}
{{- end }}

{{/*
The Deployment's replicas. With autoscaling on: on an upgrade, the count the HPA has set on
the live Deployment (an upgrade must not reset it to minReplicas); else minReplicas.
*/}}
{{- define "postwire.replicas" -}}
{{- if .Values.app.autoscaling.enabled -}}
{{- $live := dict -}}
{{- if .Release.IsUpgrade -}}
{{- $live = lookup "apps/v1" "Deployment" .Release.Namespace "postwire" -}}
{{- end -}}
{{- if $live -}}{{ $live.spec.replicas }}{{- else -}}{{ .Values.app.autoscaling.minReplicas }}{{- end -}}
{{- else -}}
{{ .Values.app.replicas }}
{{- end -}}
{{- end }}

{{/*
Refuses values whose numbers do not add up (see values.yaml, databasePool): connections
the pods may open against what the pooler or PostgreSQL accepts, the HPA's range, and a
grace period shorter than the preStop pause and the shutdown timeout together.
*/}}
{{- define "postwire.checks" -}}
{{- $pods := int (include "postwire.maxPods" .) -}}
{{- $clients := mul $pods .Values.app.databasePool.maxSize -}}
{{- $reserved := 10 -}}
{{- with .Values.app.cnpg -}}
{{- if and .enabled .pooler.enabled -}}
{{- if gt $clients (int .pooler.maxClientConn) -}}
{{- fail (printf "%d pods x databasePool.maxSize %d = %d connections exceed cnpg.pooler.maxClientConn %d" $pods (int $.Values.app.databasePool.maxSize) $clients (int .pooler.maxClientConn)) -}}
{{- end -}}
{{- $servers := mul .pooler.instances .pooler.defaultPoolSize -}}
{{- if gt (add $servers $reserved) (int .maxConnections) -}}
{{- fail (printf "cnpg.pooler.instances x defaultPoolSize = %d server connections (+%d reserved) exceed cnpg.maxConnections %d" $servers $reserved (int .maxConnections)) -}}
{{- end -}}
{{- else if .enabled -}}
{{- if gt (add $clients $reserved) (int .maxConnections) -}}
{{- fail (printf "%d pods x databasePool.maxSize %d = %d connections (+%d reserved) exceed cnpg.maxConnections %d" $pods (int $.Values.app.databasePool.maxSize) $clients $reserved (int .maxConnections)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- with .Values.app.cnpg -}}
{{- if and .enabled (gt (int .instances) 1) (ge (int .synchronousStandbys) (int .instances)) -}}
{{- fail (printf "cnpg.synchronousStandbys %d must be fewer than cnpg.instances %d (the primary is one of them)" (int .synchronousStandbys) (int .instances)) -}}
{{- end -}}
{{- end -}}
{{- with .Values.app.autoscaling -}}
{{- if and .enabled (gt (int .minReplicas) (int .maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas %d exceeds maxReplicas %d" (int .minReplicas) (int .maxReplicas)) -}}
{{- end -}}
{{- end -}}
{{- with .Values.app.shutdown -}}
{{- if le (int .terminationGracePeriodSeconds) (add .preStopSleepSeconds .timeoutSeconds) -}}
{{- fail (printf "shutdown.terminationGracePeriodSeconds %d must exceed preStopSleepSeconds + timeoutSeconds = %d" (int .terminationGracePeriodSeconds) (add .preStopSleepSeconds .timeoutSeconds)) -}}
{{- end -}}
{{- end -}}
{{- end }}
