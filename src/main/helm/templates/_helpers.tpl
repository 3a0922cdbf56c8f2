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

{{/* The datasource: the CloudNativePG cluster's when it is on, else the external database's. */}}
{{- define "postwire.jdbcUrl" -}}
{{- if .Values.app.cnpg.enabled -}}
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
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: /etc/postwire/jwt/{{ .Values.app.jwt.publicKeyFile }}
- name: SMALLRYE_JWT_SIGN_KEY_LOCATION
  value: /etc/postwire/jwt/{{ .Values.app.jwt.privateKeyFile }}
- name: POSTWIRE_JWT_VERIFY_KEYS
  value: /etc/postwire/jwt/{{ .Values.app.jwt.publicKeyFile }}{{ with .Values.app.jwt.previousPublicKeyFile }},/etc/postwire/jwt/{{ . }}{{ end }}
{{- with .Values.app.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

