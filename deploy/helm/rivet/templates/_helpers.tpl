{{/* Chart name, overridable. */}}
{{- define "rivet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name. */}}
{{- define "rivet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "rivet.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The helpers below take a dict: root (the top context), name (the service's
key under .Values.services) and service (its values).
*/}}

{{/* Name of one service's Deployment, Service and HPA. */}}
{{- define "rivet.componentName" -}}
{{- printf "%s-%s" (include "rivet.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rivet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rivet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "rivet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "rivet.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: rivet
{{- end -}}

{{/* <repository>/<service>:<tag>, with the service's own overrides. */}}
{{- define "rivet.image" -}}
{{- $image := .root.Values.image -}}
{{- $own := .service.image | default dict -}}
{{- $repository := $own.repository | default (printf "%s/%s" $image.repository .name) -}}
{{- $tag := $own.tag | default $image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repository (toString $tag) -}}
{{- end -}}
