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

{{/*
The bundled Redis's password, the same at every render of a release: redis.password when given; else the
password of the Secret this chart created at install, read back with lookup (only a render against the cluster
can: `helm install/upgrade`, not `helm template`); else a new random one. Computed once per render (kept in
.Values.redis) so the Secret, the pods' checksums and the notes agree.
*/}}
{{- define "ig.redisPassword" -}}
{{- if not (hasKey .Values.redis "renderedPassword") -}}
{{- $password := .Values.redis.password -}}
{{- $source := "redis.password" -}}
{{- if not $password -}}
{{- $name := printf "%s-redis" (include "ig.fullname" .) -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $name -}}
{{- if and $existing $existing.data (hasKey $existing.data "password") -}}
{{- $password = index $existing.data "password" | b64dec -}}
{{- $source = printf "kept from the Secret %s" $name -}}
{{- else -}}
{{- $password = randAlphaNum 32 -}}
{{- $source = "NEW random password: first install, or a render without the cluster (helm template, GitOps) that will differ at every render; give redis.password or redis.existingSecret there" -}}
{{- end -}}
{{- end -}}
{{- $_ := set .Values.redis "renderedPassword" $password -}}
{{- $_ := set .Values.redis "renderedPasswordSource" $source -}}
{{- end -}}
{{- .Values.redis.renderedPassword -}}
{{- end -}}

{{/*
What the pods' checksum annotations take from the bundled Redis's password, so a change rolls Redis and the
gateway together: the password's hash when the chart holds it; with redis.existingSecret, the Secret's name
(the chart does not read it: rotate by a new Secret name, or restart both).
*/}}
{{- define "ig.redisPasswordChecksum" -}}
{{- if .Values.redis.existingSecret -}}
{{- .Values.redis.existingSecret | sha256sum -}}
{{- else -}}
{{- include "ig.redisPassword" . | sha256sum -}}
{{- end -}}
{{- end -}}

{{/* The bundled Redis's maxmemory in bytes: redis.maxmemoryPercent of its container memory limit. */}}
{{- define "ig.redisMaxmemory" -}}
{{- $limit := toString (required "intercom-gateway: redis.resources.limits.memory is required: Redis's maxmemory is derived from it" .Values.redis.resources.limits.memory) -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "K" 1000 "M" 1000000 "G" 1000000000 -}}
{{- $bytes := 0 -}}
{{- range $suffix, $factor := $units -}}
{{- if and (eq $bytes 0) (hasSuffix $suffix $limit) (regexMatch "^[0-9]+$" (trimSuffix $suffix $limit)) -}}
{{- $bytes = mul (int64 (trimSuffix $suffix $limit)) $factor -}}
{{- end -}}
{{- end -}}
{{- if and (eq $bytes 0) (regexMatch "^[0-9]+$" $limit) -}}{{- $bytes = int64 $limit -}}{{- end -}}
{{- if eq $bytes 0 -}}
{{- fail (printf "intercom-gateway: redis.resources.limits.memory %q: give a whole number of bytes or of Ki, Mi, Gi, K, M or G" $limit) -}}
{{- end -}}
{{- div (mul $bytes (int .Values.redis.maxmemoryPercent)) 100 -}}
{{- end -}}

{{/* The fewest gateway pods that run when nothing is disrupted: a PodDisruptionBudget only makes sense above one. */}}
{{- define "ig.minReplicas" -}}{{ if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}{{- end -}}

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
