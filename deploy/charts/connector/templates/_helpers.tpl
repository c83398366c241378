{{/* Chart name, overridable. */}}
{{- define "connector.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name for the chart's objects: the release name, with the chart name appended unless it already holds it. */}}
{{- define "connector.fullname" -}}
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

{{- define "connector.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "connector.labels" -}}
helm.sh/chart: {{ include "connector.chart" . }}
{{ include "connector.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: connector
app.kubernetes.io/part-of: infra
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the connector's pods (never change them: Deployment selectors are immutable). */}}
{{- define "connector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "connector.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "connector.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "connector.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false (the connector never runs as the namespace's default account)" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret that holds the access key: the user's own, or the one this chart creates. */}}
{{- define "connector.accessKeySecretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else }}
{{- printf "%s-access-key" (include "connector.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* INFRA_SERVER: host:port from server.url, with the scheme's port when the URL names none. */}}
{{- define "connector.serverAddress" -}}
{{- $url := urlParse .Values.server.url }}
{{- if regexMatch ":[0-9]+$" $url.host }}
{{- $url.host }}
{{- else }}
{{- printf "%s:%s" $url.host (ternary "443" "80" (eq $url.scheme "https")) }}
{{- end }}
{{- end }}

{{- define "connector.serverInsecure" -}}
{{- if hasPrefix "http://" .Values.server.url }}true{{ end }}
{{- end }}

{{- define "connector.destination" -}}
{{- default .Release.Name .Values.destination }}
{{- end }}

{{/* The proxy's kubernetes.io/tls Secret: the user's, cert-manager's (certManager.enabled), or none (generated). */}}
{{- define "connector.proxyTlsSecret" -}}
{{- if .Values.proxy.tls.secretName }}
{{- .Values.proxy.tls.secretName }}
{{- else if .Values.certManager.enabled }}
{{- printf "%s-proxy-tls" (include "connector.fullname" . | trunc 53 | trimSuffix "-") }}
{{- end }}
{{- end }}

{{/* The Secret that keeps the connector's generated proxy CA (when proxy.tls.secretName is empty). */}}
{{- define "connector.proxyCaSecretName" -}}
{{- printf "%s-proxy-ca" (include "connector.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/* host:port for a listener: IPv6 hosts in brackets are not needed, the connector splits at the last colon. */}}
{{- define "connector.listen" -}}
{{- printf "%s:%d" (index . 0).Values.listenHost (int (index . 1)) }}
{{- end }}

{{- define "connector.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Rules the schema cannot express; each failure names the value to fix. */}}
{{- define "connector.validate" -}}
{{- if and .Values.accessKey .Values.existingSecret }}
{{- fail "set only one of accessKey and existingSecret" }}
{{- end }}
{{- if not (or .Values.accessKey .Values.existingSecret) }}
{{- fail "set accessKey (the connector's access key from `infra destinations add`) or existingSecret (a Secret holding it)" }}
{{- end }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" (include "connector.destination" .)) }}
{{- fail (printf "destination %q must be a lower-case DNS label; set destination" (include "connector.destination" .)) }}
{{- end }}
{{- if eq (include "connector.destination" .) "infra" }}
{{- fail "destination \"infra\" is reserved for Infra itself; set destination to this cluster's name" }}
{{- end }}
{{- if and (or .Values.server.caCert .Values.server.tlsFingerprint) (include "connector.serverInsecure" .) }}
{{- fail "server.caCert and server.tlsFingerprint need an https:// server.url (http:// dials without TLS)" }}
{{- end }}
{{- if and .Values.proxy.tls.caInSecret (not (include "connector.proxyTlsSecret" .)) }}
{{- fail "proxy.tls.caInSecret needs proxy.tls.secretName (or certManager.enabled)" }}
{{- end }}
{{- if and .Values.certManager.enabled .Values.proxy.tls.secretName }}
{{- fail "set only one of proxy.tls.secretName and certManager.enabled" }}
{{- end }}
{{- if and .Values.certManager.enabled (not .Values.certManager.issuerRef.name) }}
{{- fail "certManager.enabled needs certManager.issuerRef.name (an Issuer or ClusterIssuer)" }}
{{- end }}
{{- if eq (int .Values.health.port) (int .Values.proxy.port) }}
{{- fail "health.port and proxy.port must differ" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled .Values.networkPolicy.enabled (not .Values.networkPolicy.metricsFrom) }}
{{- fail "metrics.serviceMonitor.enabled with networkPolicy.enabled needs networkPolicy.metricsFrom (the Prometheus pods' namespace): the policy lets nobody reach /metrics without it" }}
{{- end }}
{{- if and (ne .Values.service.type "NodePort") .Values.service.nodePort }}
{{- fail "service.nodePort is only valid with service.type NodePort" }}
{{- end }}
{{- end }}
