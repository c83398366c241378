{{/* Chart name, overridable. */}}
{{- define "server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name for the chart's objects: the release name, with the chart name appended unless it already holds it. */}}
{{- define "server.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "server.labels" -}}
helm.sh/chart: {{ include "server.chart" . }}
{{ include "server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: infra
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the server's pods (never change them: Deployment selectors are immutable). */}}
{{- define "server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "server.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The chart's Secret, holding whichever of the database URL, root key and admin key were given as values. */}}
{{- define "server.secretName" -}}
{{- include "server.fullname" . }}
{{- end }}

{{/* "true" when the chart must create its Secret. */}}
{{- define "server.ownsSecret" -}}
{{- if or .Values.database.url .Values.rootKey.value .Values.adminAccessKey.value }}true{{ end }}
{{- end }}

{{/* An env var from a Secret: the user's existingSecret, or the chart's own. Takes (list $ VAR_NAME .Values.section). */}}
{{- define "server.secretEnv" -}}
{{- $root := index . 0 }}
{{- $v := index . 2 -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ $v.existingSecret | default (include "server.secretName" $root) }}
      key: {{ $v.existingSecretKey }}
{{- end }}

{{/* Rules the schema cannot express; each failure names the value to fix. */}}
{{- define "server.validate" -}}
{{- if and .Values.tls.secretName (not .Values.tls.enabled) }}
{{- fail "tls.secretName needs tls.enabled true" }}
{{- end }}
{{- if .Values.tls.enabled }}
{{- $sources := 0 }}
{{- range (list .Values.tls.secretName .Values.tls.selfSigned .Values.certManager.enabled) }}{{ if . }}{{ $sources = add1 $sources }}{{ end }}{{ end }}
{{- if eq $sources 0 }}
{{- fail "tls.enabled needs a certificate: set tls.secretName (a kubernetes.io/tls Secret you bring), or certManager.enabled with certManager.issuerRef.name, or tls.selfSigned true (made at install with lookup: not for GitOps, where `helm template` would make a new one at every render)" }}
{{- end }}
{{- if gt $sources 1 }}
{{- fail "set only one of tls.secretName, tls.selfSigned and certManager.enabled" }}
{{- end }}
{{- end }}
{{- if and .Values.metrics.port (has (int .Values.metrics.port) (list (int .Values.ports.http) (int .Values.ports.grpc))) }}
{{- fail "metrics.port must differ from ports.http and ports.grpc" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.port) }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.port (the ServiceMonitor scrapes the metrics port)" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled .Values.networkPolicy.enabled (not .Values.networkPolicy.metricsFrom) }}
{{- fail "metrics.serviceMonitor.enabled with networkPolicy.enabled needs networkPolicy.metricsFrom (the Prometheus pods' namespace): the policy lets nobody reach the metrics port without it" }}
{{- end }}
{{- if and .Values.certManager.enabled (not .Values.certManager.issuerRef.name) }}
{{- fail "certManager.enabled needs certManager.issuerRef.name (an Issuer or ClusterIssuer)" }}
{{- end }}
{{- range $section, $field := dict "database" "url" "rootKey" "value" "adminAccessKey" "value" }}
{{- $v := index $.Values $section }}
{{- if and (index $v $field) $v.existingSecret }}
{{- fail (printf "set only one of %s.%s and %s.existingSecret" $section $field $section) }}
{{- end }}
{{- if and (ne $section "adminAccessKey") (not (or (index $v $field) $v.existingSecret)) }}
{{- fail (printf "set %s.%s or %s.existingSecret" $section $field $section) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The REST port's name, by protocol (meshes read protocols from port names). */}}
{{- define "server.apiPortName" -}}
{{- ternary "https" "http" .Values.tls.enabled }}
{{- end }}

{{/* The Secret holding the certificate the server serves: the user's, or the one the chart makes. */}}
{{- define "server.tlsSecretName" -}}
{{- .Values.tls.secretName | default (printf "%s-tls" (include "server.fullname" .)) }}
{{- end }}

{{- define "server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- .Values.serviceAccount.name }}
{{- end }}
{{- end }}
