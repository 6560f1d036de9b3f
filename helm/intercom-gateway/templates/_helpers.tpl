{{- define "ig.name" -}}{{ .Chart.Name }}{{- end -}}
{{- define "ig.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "ig.labels" -}}
app.kubernetes.io/name: {{ include "ig.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}
{{- define "ig.selector" -}}
app.kubernetes.io/name: {{ include "ig.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "ig.tokenSecret" -}}{{ .Values.intercom.existingSecret | default (printf "%s-intercom" (include "ig.fullname" .)) }}{{- end -}}
{{- define "ig.hasToken" -}}{{ if or .Values.intercom.existingSecret .Values.intercom.accessToken }}true{{ end }}{{- end -}}

{{/* The Redis the gateway shares its budget and Idempotency-Keys through: bundled, external, or none. */}}
{{- define "ig.redisHost" -}}
{{- if .Values.redis.external.host -}}{{ .Values.redis.external.host }}{{- else if .Values.redis.deploy -}}{{ printf "%s-redis" (include "ig.fullname" .) }}{{- end -}}
{{- end -}}
{{- define "ig.redisPort" -}}{{ if .Values.redis.external.host }}{{ .Values.redis.external.port }}{{ else }}6379{{ end }}{{- end -}}
{{- define "ig.redisSecret" -}}
{{- if .Values.redis.external.host -}}{{ .Values.redis.external.existingSecret }}{{- else if .Values.redis.deploy -}}{{ .Values.redis.existingSecret | default (printf "%s-redis" (include "ig.fullname" .)) }}{{- end -}}
{{- end -}}

{{/* The most pods that can run at once: what each replica divides the budget by when Redis is unreachable. */}}
{{- define "ig.maxReplicas" -}}{{ if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}{{- end -}}

{{/* Refuse to render what would be unsafe, with the reason. */}}
{{- define "ig.validate" -}}
{{- if and (gt (int (include "ig.maxReplicas" .)) 1) (not (include "ig.redisHost" .)) -}}
{{- fail (printf "intercom-gateway: %s replicas without a shared store would each keep their own rate budget (together %s times Intercom's) and their own Idempotency-Keys (a retried write reaching another pod runs twice). Set redis.deploy=true or redis.external.host, or run one replica (replicaCount=1, autoscaling.enabled=false)." (include "ig.maxReplicas" .) (include "ig.maxReplicas" .)) -}}
{{- end -}}
{{- if and (not (include "ig.hasToken" .)) (not .Values.sandbox) -}}
{{- fail "intercom-gateway: no Intercom token (intercom.existingSecret or intercom.accessToken). Without one the pods would serve the built-in demo sandbox, which forgets everything on restart; internal apps would believe their writes reached Intercom. Give a token, or set sandbox=true for a demo." -}}
{{- end -}}
{{- if and (include "ig.hasToken" .) .Values.sandbox -}}
{{- fail "intercom-gateway: sandbox=true and an Intercom token are both set: choose one." -}}
{{- end -}}
{{- end -}}
